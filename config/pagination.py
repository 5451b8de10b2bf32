"""Pages of long lists that cost the same whether they are the first or the last.

A page is found by ordering and skipping over the primary keys alone (the index on
the list's order answers that), and only the rows shown are joined with their
details. Plain OFFSET would join every skipped row first: page 1,000 of 100,000
help sessions took a second on PostgreSQL, the first page a few milliseconds.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class KeysFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class KeysFirstPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
