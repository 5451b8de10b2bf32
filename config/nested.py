"""API collections nested under one parent record."""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response


class ChildCollection(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Items that belong to one parent, at `<parents>/<id>/<items>/`: list, add, remove.

    A subclass says how to find the parent this user may reach (404 otherwise, as
    on the pages), its items, and which service adds or removes one; `check_write`
    refuses a change to a parent the user may only read.
    """

    pagination_class = None
    filter_backends: list = []

    def get_parent(self):
        raise NotImplementedError

    def items_of(self, parent):
        raise NotImplementedError

    def add(self, parent, data: dict):
        raise NotImplementedError

    def remove(self, item) -> None:
        raise NotImplementedError

    def check_write(self, parent) -> None:
        """Raise PermissionDenied when the user may read but not change the items."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return self.queryset
        return self.items_of(self.get_parent())

    def create(self, request, *args, **kwargs):
        parent = self.get_parent()
        self.check_write(parent)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = self.add(parent, dict(serializer.validated_data))
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        self.check_write(self.get_parent())
        self.remove(instance)
