"""Reports for coordinators, funders and the municipality (see registry.py).

Kept free of imports: referrals/models.py imports this package's models while
apps load.
"""
