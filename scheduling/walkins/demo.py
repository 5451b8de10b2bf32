"""A few walk-in visits at the first computer corner over the past days (once)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from buddies.models import Topic
from buddies.roles import User
from scheduling.outcomes.models import Ability
from scheduling.places.models import Location
from scheduling.places.times import aware_from_local
from scheduling.walkins import services
from scheduling.walkins.models import WalkInVisit

# (days ago, hour, topic slug, outcome, returning, first name, phone)
VISITS = [
    (1, time(10, 15), "itsme", Ability.WITH_HELP, False, "", ""),
    (1, time(14, 30), "", Ability.ALONE, True, "", ""),
    (2, time(9, 45), "online-banking", Ability.NOT_YET, False, "Maria", "0470 99 12 34"),
    (3, time(11, 0), "itsme", Ability.ALONE, True, "", ""),
    (4, time(15, 20), "", Ability.WITH_HELP, False, "", ""),
]


def seed_walk_ins(*, place: Location, by: User) -> int:
    """Log the demo visits unless the place has walk-ins already; returns how many."""
    if WalkInVisit.objects.filter(location=place).exists():
        return 0
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    today = timezone.localdate()
    for days_ago, hour, slug, outcome, returning, first_name, phone in VISITS:
        services.log_visit(
            by=by, location=place, topic=topics.get(slug), outcome=outcome, returning=returning,
            other_topic="" if slug else "Foto's naar de kleinkinderen sturen",
            first_name=first_name, phone=phone, consent=bool(first_name),
            at=aware_from_local(datetime.combine(today - timedelta(days=days_ago), hour)),
        )  # fmt: skip
    return len(VISITS)
