"""Pages of long lists that cost the same whether they are the first or the last.

A page is found by ordering and skipping over the primary keys alone (the index on
the list's order answers that), and only the rows shown are joined with their
details. Plain OFFSET would join every skipped row first: page 1,000 of 100,000
help sessions took a second on PostgreSQL, the first page a few milliseconds.

Counting a long list costs the database more than showing a page of it, on every
page. A count of at least LARGE_COUNT rows is therefore kept in the cache for
LARGE_COUNT_SECONDS, per query (the same filters and the same visibility): the
total of a list of 100,000 may be a minute behind, a short list's never is.
"""

import hashlib
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

LARGE_COUNT = 10_000
LARGE_COUNT_SECONDS = 60


class KeysFirstPaginator(Paginator):
    """`rows` shapes the page's rows once its keys are found (e.g. `.values(...)` with
    joins): the keys come from the list as given, without those joins."""

    def __init__(self, *args, rows: Callable[[QuerySet], QuerySet] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        shown = self.object_list.filter(pk__in=keys)
        return self._get_page(self.rows(shown) if self.rows else shown, number, self)

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return Paginator.count.func(self)
        sql, params = query.sql_with_params()
        key = "count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        found = cache.get(key)
        if found is None:
            found = Paginator.count.func(self)
            if found >= LARGE_COUNT:
                cache.set(key, found, LARGE_COUNT_SECONDS)
        return found


class KeysFirstPagination(PageNumberPagination):
    """A view may name how its page's rows are read: `page_rows(queryset)`."""

    django_paginator_class = KeysFirstPaginator

    def paginate_queryset(self, queryset, request, view=None):
        rows = getattr(view, "page_rows", None)
        self.django_paginator_class = partial(KeysFirstPaginator, rows=rows)
        return super().paginate_queryset(queryset, request, view)
