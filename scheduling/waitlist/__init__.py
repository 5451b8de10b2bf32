"""The help-session waiting list: freed times offered to waiting residents in turn."""
