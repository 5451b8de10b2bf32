"""Help sessions and weekly series: booking, claiming, the booking rules, free slots
and attendance."""
