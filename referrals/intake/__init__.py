"""Referrals into the programme: a social worker's intake, its statuses, and telling
the referrer of each change."""
