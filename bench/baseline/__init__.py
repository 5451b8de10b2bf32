"""A minimal Django project on the product's database, to measure the product against.

It serves the same data as the product's hottest paths with as little as Django and
DRF allow: no middleware beyond sessions and authentication, no roles, no rules but
the claim's lock. `bench/load.py` runs it under the same gunicorn settings, next to
the product, and prints each product figure as a ratio of this one.
"""
