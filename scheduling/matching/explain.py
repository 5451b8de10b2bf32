"""Matching explanations in the reader's language.

Runs store explanations as data (rule or score-part codes with topic ids,
language codes and place ids), so the same proposal reads in Dutch for one
coordinator and in French for another. This module turns that data into text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from buddies.dates import numeric_day
from buddies.models import SpokenLanguage, Topic, Weekday
from scheduling.places.models import Location


@dataclass
class Names:
    """What ids and codes in an explanation stand for (three queries, whatever the size)."""

    topics: dict
    places: dict
    languages: dict

    @classmethod
    def load(cls) -> Names:
        return cls(
            topics={topic.pk: topic for topic in Topic.objects.all()},
            places=dict(Location.objects.values_list("pk", "name")),
            languages=dict(SpokenLanguage.objects.values_list("code", "name")),
        )

    def topic(self, pk) -> str:
        topic = self.topics.get(pk)
        return topic.name if topic else "?"

    def place(self, pk) -> str:
        return self.places.get(pk, "?")

    def language(self, code: str) -> str:
        try:
            name = str(get_language_info(code)["name_translated"])
        except KeyError:
            return self.languages.get(code, code)
        # Django's names are capitalised as in a menu; French writes "parle français".
        return name.lower() if get_language() == "fr" else name


def _joined(items: list[str], conjunction: str) -> str:
    if len(items) < 2:
        return "".join(items)
    first, last = ", ".join(items[:-1]), items[-1]
    if conjunction == "and":
        return _("%(first)s and %(last)s") % {"first": first, "last": last}
    return _("%(first)s or %(last)s") % {"first": first, "last": last}


def _number(value: float) -> str:
    return formats.number_format(value, decimal_pos=0 if value == int(value) else 1)


def _values(params: dict, names: Names) -> dict:
    values = dict(params)
    if "topics" in params:
        values["topics"] = _joined([names.topic(t) for t in params["topics"]], "and")
    if "languages" in params:
        values["languages"] = _joined([names.language(c) for c in params["languages"]], "or")
    if "places" in params:
        values["places"] = _joined([names.place(p) for p in params["places"]], "or")
    if "place" in params:
        values["place"] = names.place(params["place"])
    if "language" in params:
        values["language"] = names.language(params["language"])
    if "weekday" in params:
        values["weekday"] = Weekday(params["weekday"]).label
    if "on" in params:
        values["on"] = numeric_day(date.fromisoformat(params["on"]))
    for key in ("hours", "weeks", "points"):
        if key in values and values[key] is not None:
            values[key] = _number(values[key])
    return values


def _rule_text(code: str, params: dict) -> str:
    texts = {
        "trained": _("Trained for %(topics)s (valid on %(on)s).")
        if params.get("topics")
        else _("No training is needed for what the resident asked."),
        "language": _("Speaks %(languages)s, like the resident."),
        "place": _("Goes to %(place)s."),
        "time": _("Both are free on %(weekday)s %(start)s-%(end)s while %(place)s is open."),
        "room": _("Has %(residents)s of at most %(maximum)s residents now."),
        "still_open": _("Still open: %(topics)s. Nobody is trained for all the needs together."),
    }
    return texts[code]


def _score_text(code: str, params: dict) -> str:
    texts = {
        "continuity": _("Was this resident's buddy before"),
        "overlap": _("%(hours)s hours a week free together"),
        "place_rank": _("The resident's place choice number %(rank)s")
        if params.get("rank")
        else _("Any place suits the resident"),
        "first_language": _("Speaks the resident's first language, %(language)s"),
        "spread": _("Spreads the work: has %(residents)s residents now"),
        "waiting": _("The resident has waited %(weeks)s weeks"),
        "priority": _("The resident lost their buddy and waits again"),
        "coverage": _("Trained for the most urgent needs: %(topics)s"),
    }
    return texts[code]


def describe_part(part: dict, names: Names) -> str:
    """One line of a proposal's explanation: a rule it passed, or a score part with points."""
    values = _values({**part["params"], "points": part["points"]}, names)
    if part["points"] is None:
        return _rule_text(part["code"], part["params"]) % values
    text = _score_text(part["code"], part["params"]) % values
    return _("%(reason)s: +%(points)s points") % {"reason": text, "points": values["points"]}


def describe_unmatched(rule: str, params: dict, names: Names) -> str:
    """Why no buddy was proposed: the rule that left nobody, with what it was about."""
    values = _values(params, names)
    topics = bool(params.get("topics"))
    texts = {
        "no_active_volunteer": _("No volunteer is active."),
        "not_trained": _("No active volunteer is trained for %(topics)s."),
        "not_trained_for_all": _("No active volunteer is trained for %(topics)s together."),
        "language": _("No volunteer trained for %(topics)s speaks %(languages)s.")
        if topics
        else _("No active volunteer speaks %(languages)s."),
        "no_place": _("No place is in use."),
        "places_not_in_use": _("None of the resident's places (%(places)s) is in use."),
        "place": _(
            "No volunteer trained for %(topics)s who speaks %(languages)s goes to %(places)s."
        )
        if topics
        else _("No active volunteer who speaks %(languages)s goes to %(places)s."),
        "closed_at_times": _(
            "None of the resident's places (%(places)s) is open at the times that suit them."
        ),
        "time": _(
            "No volunteer trained for %(topics)s who speaks %(languages)s and goes to "
            "%(places)s is free at the resident's times while the place is open."
        )
        if topics
        else _(
            "No active volunteer who speaks %(languages)s and goes to %(places)s is free "
            "at the resident's times while the place is open."
        ),
        "turned_down": _(
            "Every volunteer who fits (%(volunteers)s) was turned down for this resident before."
        ),
        "full": _(
            "Every volunteer who fits (%(volunteers)s) already has their maximum number of "
            "residents."
        ),
        "taken_in_run": _(
            "Every volunteer who fits (%(volunteers)s) is full after this run's proposals."
        ),
    }
    text = texts.get(rule)
    return text % values if text else rule


def still_open(topic_ids: list[int], names: Names) -> str:
    """The needs a partial buddy leaves open, most urgent first, for "Still open: ..."."""
    return ", ".join(names.topic(pk) for pk in topic_ids)


def explanation_lines(parts: list[dict], names: Names) -> tuple[list[str], list[str]]:
    """(rules passed, score parts) of a proposal, as text lines."""
    rules = [describe_part(p, names) for p in parts if p["points"] is None]
    scores = [describe_part(p, names) for p in parts if p["points"] is not None]
    return rules, scores
