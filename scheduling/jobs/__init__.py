"""Periodic jobs: their list (schedules.py) and the scheduler's heartbeat."""
