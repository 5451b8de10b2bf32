"""One status machine for every model that moves through statuses.

A model's statuses are a table of allowed moves (`Transitions`). Every move goes
through `move`: it checks the table, writes compare-and-set (the row must still
hold the status the caller read, else someone changed it meanwhile) and records
one log row: who, when, from what, to what. The log model supplies that row
through `StatusLogMixin.record`.

What follows from a move (calendar invitations, messages to people, e-mails to
a referrer, the model's own history) stays with the service that asked for it.

This is foundation code: it knows Django and the error family, nothing of the
apps that use it.
"""

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeAlias, TypeVar, overload

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError, RuleError

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # AUTH_USER_MODEL, as buddies.roles names it

    MovedBy: TypeAlias = User | None  # the user who moved it; None for the system or a partner

REFUSED_CODE = "transition"

LogRow = TypeVar("LogRow", bound=models.Model)
LogRow_co = TypeVar("LogRow_co", bound=models.Model, covariant=True)


@dataclasses.dataclass(frozen=True, eq=False)
class Transitions:
    """Which status may follow which, and the words for a refused move and a lost race.

    `moves` are the moves people make; `automatic` the moves only the system makes
    when the facts catch up (a buddy found, every place taken). The system may also
    make the people's moves. `refused` names the two statuses with the placeholders
    in `words` (current, then target); `changed` is said when the row changed
    between the read and the write.
    """

    statuses: type[models.TextChoices]
    moves: Mapping[str, Iterable[str]]
    refused: str | Promise
    changed: str | Promise
    field: str | None = None
    changed_code: str = ConflictError.code
    words: tuple[str, str] = ("current", "to")
    automatic: Mapping[str, Iterable[str]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.statuses.values)
        named = {*self.moves, *self.automatic}
        for targets in (*self.moves.values(), *self.automatic.values()):
            named.update(targets)
        if named - known or known - set(self.moves):
            raise ValueError(
                f"{self.statuses.__name__}: every status needs a row of moves, and only "
                f"known statuses can be named (unknown: {sorted(named - known)}, "
                f"without a row: {sorted(known - set(self.moves))})."
            )

    def allows(self, current: str, to: str, *, automatic: bool = False) -> bool:
        if to in self.moves.get(current, ()):
            return True
        return automatic and to in self.automatic.get(current, ())

    def targets(self, current: str, *, automatic: bool = False) -> list[str]:
        """The statuses that may follow `current`, in the order the statuses are declared."""
        return [s for s in self.statuses.values if self.allows(current, s, automatic=automatic)]

    @property
    def final(self) -> frozenset[str]:
        """Statuses nothing follows."""
        return frozenset(s for s in self.statuses.values if not self.targets(s, automatic=True))

    @property
    def chosen(self) -> frozenset[str]:
        """Statuses people can move something to, from somewhere."""
        return frozenset(target for targets in self.moves.values() for target in targets)

    @property
    def automatic_only(self) -> frozenset[str]:
        """Statuses only the system sets: they follow the work, nobody chooses them."""
        reached = {target for targets in self.automatic.values() for target in targets}
        return frozenset(reached - self.chosen)

    def check(self, current: str, to: str, *, automatic: bool = False) -> None:
        """Refuse a move the table does not list, with the words a person can act on."""
        if to not in self.statuses.values:
            raise RuleError(_("Unknown status."), field=self.field)
        if not self.allows(current, to, automatic=automatic):
            before, after = self.words
            labels = {before: self.statuses(current).label, after: self.statuses(to).label}
            raise RuleError(self.refused % labels, field=self.field, code=REFUSED_CODE)

    def lost_race(self) -> ConflictError:
        return ConflictError(self.changed, code=self.changed_code)


class StatusLog(Protocol[LogRow_co]):
    """Writes the log row of one move: which object, from what, to what, by whom, why."""

    def __call__(
        self,
        subject: models.Model,
        /,
        *,
        from_status: str,
        to_status: str,
        by: "MovedBy",
        note: str,
    ) -> LogRow_co: ...


@overload
def move(
    instance: models.Model,
    *,
    to: str,
    table: Transitions,
    log: StatusLog[LogRow],
    by: "MovedBy",
    expected: str | None = None,
    note: str = "",
    automatic: bool = False,
    **fields: Any,
) -> LogRow: ...


@overload
def move(
    instance: models.Model,
    *,
    to: str,
    table: Transitions,
    log: None,
    by: "MovedBy",
    expected: str | None = None,
    note: str = "",
    automatic: bool = False,
    **fields: Any,
) -> None: ...


def move(
    instance: models.Model,
    *,
    to: str,
    table: Transitions,
    log: StatusLog[LogRow] | None,
    by: "MovedBy",
    expected: str | None = None,
    note: str = "",
    automatic: bool = False,
    **fields: Any,
) -> LogRow | None:
    """Move `instance` (a model with a `status` field) to `to`, set `fields`, log it.

    `expected` is the status the caller read (the instance's by default): the row
    is updated only while it still holds it, else ConflictError and nothing is
    written. The instance gets the new values (expressions such as F() are read
    back). Returns the log row, so the caller can act on it; `log=None` only for
    a model that keeps no log of its own.
    """
    current = instance.status if expected is None else expected
    table.check(current, to, automatic=automatic)
    rows = type(instance)._base_manager.filter(pk=instance.pk, status=current)
    # The update and its log row commit together: inside the caller's transaction
    # (no savepoint of its own, which would cost two queries a move), or in one of
    # their own. A lost race leaves the block normally, so the caller's transaction
    # stays usable for its own handling of the refusal.
    entry = None
    with transaction.atomic(savepoint=False):
        moved = rows.update(status=to, **fields) == 1
        if moved:
            _set_moved_fields(instance, to, fields)
            if log is not None:
                entry = log(instance, from_status=current, to_status=to, by=by, note=note)
    if not moved:
        raise table.lost_race()
    return entry


def _set_moved_fields(instance: models.Model, to: str, fields: dict[str, Any]) -> None:
    instance.status = to
    computed = [name for name, value in fields.items() if hasattr(value, "resolve_expression")]
    for name, value in fields.items():
        if name not in computed:
            setattr(instance, name, value)
    if computed:
        instance.refresh_from_db(fields=computed)


class StatusLogMixin:
    """For a model whose rows log status changes: `from_status`, `to_status`, `by`, `note`
    and the foreign key named by `subject_field`; the model says when (`at`).

    Adds no fields: the model declares its own columns.
    """

    subject_field: ClassVar[str]

    @classmethod
    def record(
        cls,
        subject: models.Model,
        /,
        *,
        from_status: str = "",
        to_status: str = "",
        by: "MovedBy" = None,
        note: str = "",
        **extra: Any,
    ) -> Self:
        """Write one log row; a note longer than its column allows is cut to fit."""
        return cls._default_manager.create(
            **{cls.subject_field: subject},
            from_status=from_status,
            to_status=to_status,
            by=by,
            note=_fitted(cls, note),
            **extra,
        )


def _fitted(model, note: str) -> str:
    column = model._meta.get_field("note")
    if isinstance(column, models.CharField) and column.max_length:
        return note[: column.max_length]
    return note


class ActorLabelMixin(StatusLogMixin):
    """A status log that also says what kind of actor moved it (`actor`, with `Actor`
    choices holding at least USER and SYSTEM): a named user, or the system when nobody."""

    @classmethod
    def record(
        cls, subject: models.Model, /, *, by: "MovedBy" = None, actor: str = "", **kwargs: Any
    ) -> Self:
        actor = actor or (cls.Actor.USER if by is not None else cls.Actor.SYSTEM)
        return super().record(subject, by=by, actor=actor, **kwargs)

    @property
    def actor_label(self) -> str:
        """Who made a logged change, as shown on timelines: the user's name or the kind."""
        if self.actor == self.Actor.USER and self.by is not None:
            return self.by.get_full_name() or self.by.get_username()
        return str(self.get_actor_display())
