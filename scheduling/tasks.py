from scheduling.jobs import services
from scheduling.matching import services as matching_service
from scheduling.sessions import series


def heartbeat() -> None:
    services.record_heartbeat()


def run_matching(run_id: int) -> None:
    """Carry out a queued matching run (queued by matching_service.start_run)."""
    matching_service.execute_run(run_id=run_id)


def materialise_series() -> int:
    """Daily: book every running series' occurrences up to the horizon."""
    return series.materialise_all()


def send_due_reminders() -> int:
    """Every minute: send the reminders that are due (each claimed before sending)."""
    from scheduling.reminders import services as reach

    return reach.send_due_reminders()


def settle_handed_back_sessions() -> int:
    """Every 15 minutes: handed-back sessions nobody claimed in time are cancelled."""
    from scheduling.sessions import handback

    return handback.settle_unclaimed()


def end_due_pauses() -> int:
    """Every hour: volunteers whose pause's last day has passed help again."""
    return matching_service.end_due_pauses()


def offer_freed_slot(slot_id: int) -> None:
    """After a cancellation or a move commits: offer the freed time to the next in line."""
    from scheduling.waitlist import services as waitlist

    waitlist.offer_freed_slot(slot_id=slot_id)


def expire_session_offers() -> int:
    """Every 10 minutes: lapse unanswered offers of freed times, offer the next resident."""
    from scheduling.waitlist import services as waitlist

    return waitlist.expire_offers()


def mark_due_rechecks() -> int:
    """Daily: re-checks of autonomy that fell due get a row and coordinators an e-mail."""
    from scheduling.outcomes import rechecks

    return rechecks.mark_due_rechecks()


def send_plan_review_reminders() -> int:
    """Daily: coordinators are reminded of permanent-support plans due for review."""
    from scheduling.support_plans import services as support_plans

    return support_plans.send_review_reminders()


def forget_walk_in_contacts() -> int:
    """Daily: walk-in visitors' names and numbers go once their call-back time is over."""
    from scheduling.walkins import services as walkins

    return walkins.forget_contact_details()
