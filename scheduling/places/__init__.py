"""Places and their time: locations, computer-corner seats, opening hours, closures
and Brussels wall time."""
