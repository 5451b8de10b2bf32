"""One place where the domain's refusals become HTTP answers."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from buddies.errors import ConflictError, RuleError


def exception_handler(exc, context):
    if isinstance(exc, RuleError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) else 400
        field = exc.field or "detail"
        return Response({field: [str(exc.message)], "code": exc.code}, status=code)
    return drf_exception_handler(exc, context)
