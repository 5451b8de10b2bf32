from django.core.management import call_command

from scheduling.models import Closure, HelpSession, Location, Series


def test_seed_demo_adds_hours_seats_sessions_in_every_status_and_series_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (HelpSession.objects.count(), Series.objects.count(), Closure.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (HelpSession.objects.count(), Series.objects.count(), Closure.objects.count()) == counts
    statuses = set(HelpSession.objects.values_list("status", flat=True))
    assert statuses == {"open", "claimed", "confirmed", "done", "no_show", "cancelled"}
    assert Series.objects.count() >= 2
    for place in Location.objects.filter(kind="ldc"):
        hours = sum(
            (h.closes.hour * 60 + h.closes.minute) - (h.opens.hour * 60 + h.opens.minute)
            for h in place.opening_hours.all()
        )
        assert hours >= 32 * 60
        assert 2 <= place.seats.count() <= 4
