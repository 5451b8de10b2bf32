"""Two public frameworks that name what a topic trains, and how far an answer goes.

DigComp 2.2, the EU Digital Competence Framework for Citizens (JRC, 2022): five
areas, 21 competences and eight proficiency levels (Foundation 1-2, Intermediate
3-4, Advanced 5-6, Highly specialised 7-8). A level grows with the complexity of the
task, the autonomy and the cognitive domain; a volunteer's answer says only how
autonomous the resident is on a simple, everyday task, so:

- "not yet" is below level 1 (no level),
- "with help" is level 1: simple tasks, with guidance,
- "alone" is level 2: simple tasks, with autonomy and guidance where needed.

Level 3 ("well-defined and routine tasks, and straightforward problems, on my own")
would need more than one answer on one task, so an answer never goes beyond 2.

The UK Essential Digital Skills framework (2018, updated 2023) names six skill areas.

Which competences and skill areas a topic trains is data (TopicCompetence rows,
kept in the admin); a topic without rows uses the suggestion below by its short code.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DIGCOMP = "digcomp"
EDS = "eds"

DIGCOMP_AREAS = {
    "1": _("Information and data literacy"),
    "2": _("Communication and collaboration"),
    "3": _("Digital content creation"),
    "4": _("Safety"),
    "5": _("Problem solving"),
}

DIGCOMP_COMPETENCES = {
    "1.1": _("Browsing, searching and filtering data, information and digital content"),
    "1.2": _("Evaluating data, information and digital content"),
    "1.3": _("Managing data, information and digital content"),
    "2.1": _("Interacting through digital technologies"),
    "2.2": _("Sharing through digital technologies"),
    "2.3": _("Engaging in citizenship through digital technologies"),
    "2.4": _("Collaborating through digital technologies"),
    "2.5": _("Netiquette"),
    "2.6": _("Managing digital identity"),
    "3.1": _("Developing digital content"),
    "3.2": _("Integrating and re-elaborating digital content"),
    "3.3": _("Copyright and licences"),
    "3.4": _("Programming"),
    "4.1": _("Protecting devices"),
    "4.2": _("Protecting personal data and privacy"),
    "4.3": _("Protecting health and well-being"),
    "4.4": _("Protecting the environment"),
    "5.1": _("Solving technical problems"),
    "5.2": _("Identifying needs and technological responses"),
    "5.3": _("Creatively using digital technologies"),
    "5.4": _("Identifying digital competence gaps"),
}

EDS_AREAS = {
    "foundation": _("Foundation skills"),
    "communicating": _("Communicating"),
    "handling_information": _("Handling information and content"),
    "transacting": _("Transacting"),
    "problem_solving": _("Problem solving"),
    "safe_and_legal": _("Being safe and legal online"),
}

NO_LEVEL = 0
LEVELS = {
    NO_LEVEL: _("No level yet (below Foundation 1)"),
    1: _("Foundation 1: simple tasks, with guidance"),
    2: _("Foundation 2: simple tasks, on their own and with guidance where needed"),
}
ABILITY_LEVEL = {"not_yet": NO_LEVEL, "with_help": 1, "alone": 2}

# Suggested mapping by topic short code (the demo's topics), used until a
# coordinator stores another in the admin.
SUGGESTED = {
    "itsme": (("2.6", "4.2"), ("transacting", "safe_and_legal")),
    "online-banking": (("2.3", "4.2"), ("transacting", "safe_and_legal")),
    "banking": (("2.3", "4.2"), ("transacting", "safe_and_legal")),
    "myminfin": (("2.3", "2.6"), ("transacting",)),
    "e-government": (("2.3", "2.6"), ("transacting",)),
    "scams": (("1.2", "4.2"), ("safe_and_legal", "handling_information")),
    "email": (("2.1", "2.2"), ("communicating",)),
    "video-calling": (("2.1",), ("communicating",)),
    "smartphone-basics": (("4.1", "5.1"), ("foundation",)),
    "health-apps": (("2.3", "4.3"), ("transacting", "handling_information")),
}


def area_of(competence: str) -> str:
    return competence.split(".")[0]


def level_of(ability: str) -> int:
    return ABILITY_LEVEL[ability]


def level_label(level: int) -> str:
    return str(LEVELS[level])


def valid_codes(framework: str) -> list[str]:
    return list(DIGCOMP_COMPETENCES if framework == DIGCOMP else EDS_AREAS)


@dataclass(frozen=True)
class Mapping:
    """What one topic trains: DigComp competence codes and EDS skill areas."""

    digcomp: tuple[str, ...] = ()
    eds: tuple[str, ...] = ()
    suggested: bool = False

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(area_of(code) for code in self.digcomp))

    def digcomp_labels(self) -> list[str]:
        return [f"{code} {DIGCOMP_COMPETENCES[code]}" for code in self.digcomp]

    def area_labels(self) -> list[str]:
        return [f"{area} {DIGCOMP_AREAS[area]}" for area in self.areas]

    def eds_labels(self) -> list[str]:
        return [str(EDS_AREAS[code]) for code in self.eds]


def mapping_from(slug: str, rows: list[tuple[str, str]]) -> Mapping:
    """A topic's mapping from its stored (framework, code) rows, else the suggestion."""
    if rows:
        return Mapping(
            digcomp=tuple(sorted(code for kind, code in rows if kind == DIGCOMP)),
            eds=tuple(code for code in EDS_AREAS if (EDS, code) in rows),
        )
    digcomp, eds = SUGGESTED.get(slug, ((), ()))
    return Mapping(digcomp=tuple(digcomp), eds=tuple(eds), suggested=bool(digcomp or eds))
