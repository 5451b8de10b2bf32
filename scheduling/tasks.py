from scheduling import matching_service, services


def heartbeat() -> None:
    services.record_heartbeat()


def run_matching(run_id: int) -> None:
    """Carry out a queued matching run (queued by matching_service.start_run)."""
    matching_service.execute_run(run_id=run_id)
