"""Settings of the app servers that bench/load.py starts: the production settings
(config.settings, DEBUG off), with two changes so that a benchmark pointed at a
Redis that a live service also uses cannot touch it: tasks go to a queue of their
own that no worker reads (the benchmark deletes it afterwards), and cache keys carry
their own prefix. Static files are served from the source folders, so no
`collectstatic` is needed.
"""

import warnings

from config.settings import *  # noqa: F403
from config.settings import CACHES, Q_CLUSTER, REDIS_URL, STORAGES

BENCH_PREFIX = "digibuddy-bench"
Q_CLUSTER = {**Q_CLUSTER, "name": BENCH_PREFIX}
if REDIS_URL:
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": BENCH_PREFIX}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Nothing is collected into STATIC_ROOT: whitenoise finds the sources, and need not say so.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
