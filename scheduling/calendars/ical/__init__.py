"""RFC 5545 text for calendar events: pure rendering over plain data, no models."""
