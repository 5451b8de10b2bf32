"""Referrals from the programme to partners: consent, signed answer links, statuses
and the resident's note."""
