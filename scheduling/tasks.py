from scheduling import services


def heartbeat() -> None:
    services.record_heartbeat()
