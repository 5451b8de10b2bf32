"""Calendars: feeds at /cal/<token>.ics, one-session downloads and e-mailed
invitations; `ical/` is the pure RFC 5545 rendering."""
