from scheduling import services
from scheduling.services import series


def heartbeat() -> None:
    services.record_heartbeat()


def materialise_series() -> int:
    """Daily: book every running series' occurrences up to the horizon."""
    return series.materialise_all()
