"""What every report returns: figures, each with the rows behind it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet


@dataclass
class Figure:
    """One number. `drill` holds the query parameters of the rows behind it.

    `people` marks a count of people (residents, volunteers, registrations);
    `derived_from` holds the counts of people a share, average or sum was computed
    from. Shared views hide small ones through `referrals.reports.disclosure`.
    """

    key: str
    label: str
    value: int | float | Decimal | str
    unit: str = ""
    group: str = ""
    drill: dict[str, str] = field(default_factory=dict)
    people: bool = False
    derived_from: tuple[int, ...] = ()

    @property
    def drill_query(self) -> str:
        from django.utils.http import urlencode

        return urlencode(self.drill)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": str(self.label),
            "group": str(self.group),
            "value": plain(self.value),
            "unit": str(self.unit),
            "people": self.people,
        }


@dataclass
class Report:
    name: str
    title: str
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # groups drawn as bar charts

    def value(self, key: str):
        return next(f.value for f in self.figures if f.key == key)

    def groups(self) -> list[tuple[str, list[Figure]]]:
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            grouped.setdefault(str(figure.group), []).append(figure)
        return list(grouped.items())


@dataclass
class Rows:
    """The rows behind a figure: a queryset (paged by the page) and how to show one."""

    title: str
    columns: list[str]
    queryset: QuerySet | list
    to_row: Callable[[Any], list]


def plain(value):
    """Money as a decimal string in JSON, never a float."""
    return str(value) if isinstance(value, Decimal) else value


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)
