"""Session outcomes, progress per topic, and the permanent-support flag."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.errors import RuleError
from buddies.models import BuddyPair, Resident
from scheduling.models import SupportDecision
from scheduling.outcomes import support
from scheduling.outcomes.services import progress_of, record_outcome
from tests.referrals.reports import report_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client):
    """Pages in English (the source language), whatever the default."""

    def login(user):
        client.force_login(user)
        client.cookies["digibuddy_language"] = "en"
        return client

    return login


@pytest.fixture
def history(volunteer, other_volunteer, coordinator, settings):
    """R1 (81) with three done itsme sessions: not yet, with help, with help."""
    settings.SUPPORT_FLAG_AFTER_SESSIONS = 3
    settings.SUPPORT_FLAG_AGE = 85
    settings.SUPPORT_FLAG_MIN_SIGNS = 2
    with time_machine.travel(data.TODAY, tick=False):
        made = data.build(volunteer, other_volunteer, coordinator)
        yield made


def _done(resident):
    return list(resident.sessions.filter(status="done").order_by("start"))


def _note(made, resident, abilities, by):
    sessions = _done(resident)
    for session, ability in zip(sessions, abilities, strict=False):
        record_outcome(session=session, abilities={made.itsme.pk: ability}, by=by)


def _reasons(resident):
    case = support.case_of(resident, today=date(2026, 4, 15))
    return None if case is None else (case.state, [r.key for r in case.reasons])


def test_flag_appears_with_its_reasons_and_disappears_when_progress_turns_alone(
    history, volunteer, coordinator
):
    r1 = history.residents["R1"]
    _note(history, r1, ["not_yet", "with_help"], volunteer)
    assert _reasons(r1) is None  # two sessions: not yet enough to judge
    _note(history, r1, ["not_yet", "with_help", "with_help"], volunteer)
    assert _reasons(r1) == ("flagged", [f"stuck_topic:{history.itsme.pk}"])
    case = support.case_of(r1, today=date(2026, 4, 15))
    assert case.reason_texts == ["itsme: still “With help” after 3 sessions"]
    later = data.session(r1, history.v1, history.a, date(2026, 3, 23), topics=[history.itsme])
    record_outcome(session=later, abilities={history.itsme.pk: "alone"}, by=volunteer)
    assert _reasons(r1) is None


def test_other_signs_flag_only_together_and_alone_outweighs_them(history, coordinator):
    r2 = history.residents["R2"]  # 88 and no device of their own
    assert _reasons(r2) == ("flagged", ["age", "no_device"])
    Resident.objects.filter(pk=r2.pk).update(devices=["smartphone"])
    r2.refresh_from_db()
    assert _reasons(r2) is None  # one sign is not enough
    Resident.objects.filter(pk=r2.pk).update(memory_notes="Vergeet codes")
    r2.refresh_from_db()
    assert _reasons(r2) == ("flagged", ["age", "memory"])
    record_outcome(session=_done(r2)[0], abilities={history.itsme.pk: "alone"}, by=coordinator)
    assert _reasons(r2) is None


def test_confirming_sets_permanent_support_and_keeps_who_and_why(history, coordinator):
    r2 = history.residents["R2"]
    Resident.objects.filter(pk=r2.pk).update(phone="+32470123456")
    r2.refresh_from_db()
    support.decide(resident=r2, confirm=True, why="Blijft hulp nodig hebben", by=coordinator)
    r2.refresh_from_db()
    assert r2.support_level == Resident.SupportLevel.PERMANENT
    assert r2.support_reason == "Blijft hulp nodig hebben"
    decision = SupportDecision.objects.get(resident=r2)
    assert (decision.by, decision.decision) == (coordinator, "confirmed")
    assert [r["code"] for r in decision.reasons] == ["age", "no_device"]
    assert _reasons(r2)[0] == "confirmed"


def test_dismissed_flag_stays_away_until_a_new_reason_appears(history, coordinator):
    r2 = history.residents["R2"]
    support.decide(resident=r2, confirm=False, why="Familie helpt", by=coordinator)
    assert _reasons(r2) == ("dismissed", ["age", "no_device"])
    Resident.objects.filter(pk=r2.pk).update(memory_notes="Vergeet codes")
    r2.refresh_from_db()
    assert _reasons(r2)[0] == "flagged"


def test_a_decision_needs_a_reason_and_an_open_flag(history, coordinator):
    with pytest.raises(RuleError):
        support.decide(resident=history.residents["R2"], confirm=True, why=" ", by=coordinator)
    with pytest.raises(RuleError):
        support.decide(resident=history.residents["R4"], confirm=True, why="x", by=coordinator)


def test_progress_trail_has_first_and_latest_measure(history, volunteer):
    r1 = history.residents["R1"]
    _note(history, r1, ["not_yet", "with_help", "alone"], volunteer)
    (trail,) = progress_of(r1)
    assert [m.ability for m in trail.measures] == ["not_yet", "with_help", "alone"]
    assert (trail.first.ability, trail.latest.ability) == ("not_yet", "alone")


def test_outcome_needs_a_done_session_and_a_valid_answer(history, volunteer, coordinator):
    r2 = history.residents["R2"]
    no_show = r2.sessions.get(status="no_show")
    with pytest.raises(RuleError):
        record_outcome(session=no_show, abilities={history.itsme.pk: "alone"}, by=coordinator)
    done = _done(r2)[0]
    with pytest.raises(RuleError):
        record_outcome(session=done, abilities={history.itsme.pk: "maybe"}, by=coordinator)
    with pytest.raises(RuleError):
        record_outcome(session=done, abilities={history.itsme.pk: "alone"}, by=coordinator,
                       confidence=6)  # fmt: skip
    with pytest.raises(RuleError):  # Jan is not R2's volunteer
        record_outcome(session=done, abilities={history.itsme.pk: "alone"}, by=volunteer)


# --- pages ------------------------------------------------------------------------------


def test_volunteer_notes_an_outcome_on_the_phone_form(history, volunteer, client_for):
    r1 = history.residents["R1"]
    session = _done(r1)[0]
    client = client_for(volunteer)
    url = reverse("scheduling:session-outcome", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Does it with help" in page.content.decode()
    answer = client.post(
        url,
        {f"topic_{history.itsme.pk}": "with_help", "confidence": "3", "notes": "Code in boekje",
         "follow_up": "session"},
    )  # fmt: skip
    assert answer.status_code == 302
    outcome = session.outcome
    assert (outcome.confidence, outcome.notes_for_next_buddy) == (3, "Code in boekje")
    assert [t.ability for t in outcome.topics.all()] == ["with_help"]


def test_referral_follow_up_opens_the_referral_form_for_the_resident(
    history, volunteer, client_for
):
    r1 = history.residents["R1"]
    BuddyPair.objects.create(resident=r1, volunteer=volunteer.volunteer)
    session = _done(r1)[0]
    client = client_for(volunteer)
    answer = client.post(
        reverse("scheduling:session-outcome", args=[session.pk]),
        {f"topic_{history.itsme.pk}": "not_yet", "follow_up": "referral"},
    )
    assert answer.url == reverse("referrals:referral-create") + f"?resident={r1.pk}"
    form = client.get(answer.url)
    assert f'<option value="{r1.pk}" selected>' in form.content.decode()


def test_outcome_form_without_any_topic_shows_an_error(history, volunteer, client_for):
    session = _done(history.residents["R1"])[0]
    answer = client_for(volunteer).post(
        reverse("scheduling:session-outcome", args=[session.pk]), {"follow_up": ""}
    )
    assert answer.status_code == 400
    assert "Note at least one topic" in answer.content.decode()


def test_outcome_form_only_for_the_sessions_volunteer_or_a_coordinator(
    history, volunteer, other_volunteer, coordinator, social_worker, client_for
):
    session = _done(history.residents["R1"])[0]  # Jan's session
    url = reverse("scheduling:session-outcome", args=[session.pk])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(other_volunteer).get(url).status_code == 404
    assert client_for(social_worker).get(url).status_code == 403


def test_notes_for_the_next_buddy_only_for_coordinators_and_the_paired_volunteer(
    history, volunteer, other_volunteer, coordinator, client_for
):
    r4 = history.residents["R4"]  # helped by both Jan and Lisa; paired with Lisa
    BuddyPair.objects.create(resident=r4, volunteer=other_volunteer.volunteer)
    session = _done(r4)[0]
    record_outcome(session=session, abilities={history.itsme.pk: "with_help"}, by=volunteer,
                   notes="Bril meebrengen")  # fmt: skip
    url = reverse("scheduling:resident-progress", args=[r4.pk])
    for user in (coordinator, other_volunteer):
        page = client_for(user).get(url)
        assert "Bril meebrengen" in page.content.decode()
    # Jan helped once, weeks ago, and is not R4's buddy: past the follow-up after a
    # session, R4 is out of his sight (scheduling.sessions.selectors.FOLLOW_UP).
    page = client_for(volunteer).get(url)
    assert page.status_code == 404
    assert "Bril meebrengen" not in page.content.decode()
    BuddyPair.objects.filter(resident=r4).update(ended_on=date(2026, 4, 1))
    BuddyPair.objects.create(resident=r4, volunteer=volunteer.volunteer)
    assert "Bril meebrengen" not in client_for(other_volunteer).get(url).content.decode()


def test_referrer_sees_progress_but_not_the_notes(history, social_worker, coordinator, client_for):
    r1 = history.residents["R1"]
    Resident.objects.filter(pk=r1.pk).update(referred_by=social_worker)
    record_outcome(session=_done(r1)[0], abilities={history.itsme.pk: "with_help"},
                   by=coordinator, notes="Bril meebrengen")  # fmt: skip
    page = client_for(social_worker).get(reverse("scheduling:resident-progress", args=[r1.pk]))
    assert page.status_code == 200
    assert "Bril meebrengen" not in page.content.decode()


def test_progress_page_has_a_chart_with_text_alternative_and_a_table(
    history, coordinator, client_for
):
    r1 = history.residents["R1"]
    _note(history, r1, ["not_yet", "with_help", "alone"], coordinator)
    html = (
        client_for(coordinator)
        .get(reverse("scheduling:resident-progress", args=[r1.pk]))
        .content.decode()
    )
    assert '<svg class="chart" role="img"' in html
    assert "<title" in html and "Progress on itsme" in html
    assert "<desc" in html and "5 January 2026: Not yet; 12 January 2026: With help" in html
    assert "<caption>Every measure for itsme</caption>" in html


def test_support_page_lists_flags_and_saves_decisions(history, coordinator, client_for):
    r2 = history.residents["R2"]
    client = client_for(coordinator)
    page = client.get(reverse("scheduling:support-list"))
    assert "No device of their own" in page.content.decode()
    answer = client.post(
        reverse("scheduling:support-decide", args=[r2.pk]),
        {"decision": "dismiss", "why": "Familie helpt"},
    )
    assert answer.status_code == 302
    assert SupportDecision.objects.get(resident=r2).why == "Familie helpt"


def test_support_page_is_for_coordinators(history, volunteer, social_worker, client_for):
    for user in (volunteer, social_worker):
        assert client_for(user).get(reverse("scheduling:support-list")).status_code == 403
