"""Long lists: a large count is remembered briefly, a short one never."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buddies.models import Topic
from config import pagination
from config.pagination import KeysFirstPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_topics(n: int, first: int = 0) -> None:
    Topic.objects.bulk_create(
        Topic(slug=f"t{i}", name_nl=f"t{i}", name_fr=f"t{i}", name_en=f"t{i}")
        for i in range(first, first + n)
    )


def counted(queryset) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        total = KeysFirstPaginator(queryset, 2).count
    return total, len(queries)


def test_a_large_count_is_remembered_for_the_same_query(monkeypatch):
    monkeypatch.setattr(pagination, "LARGE_COUNT", 3)
    make_topics(4)
    everything = Topic.objects.filter(slug__startswith="t").order_by("pk")
    assert counted(everything) == (4, 1)
    make_topics(1, first=4)
    assert counted(everything) == (4, 0)  # a minute behind at most
    # Another filter is another count.
    assert counted(everything.filter(slug="t1")) == (1, 1)


def test_a_short_list_is_counted_every_time(monkeypatch):
    monkeypatch.setattr(pagination, "LARGE_COUNT", 1000)
    make_topics(3)
    topics = Topic.objects.filter(slug__startswith="t").order_by("pk")
    assert counted(topics) == (3, 1)
    Topic.objects.filter(slug="t0").delete()
    assert counted(topics) == (2, 1)
