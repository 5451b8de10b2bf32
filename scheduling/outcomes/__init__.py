"""What a help session achieved, topic by topic, and who may need permanent support."""
