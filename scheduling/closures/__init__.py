"""What a closure day means for what is already booked: the help sessions and
workshops at a place on the days it closes, shown to the coordinator until each is
moved or cancelled."""
