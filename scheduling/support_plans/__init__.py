"""Permanent-support plans: per topic, the lasting route a confirmed resident gets, and
when the plan is reviewed."""
