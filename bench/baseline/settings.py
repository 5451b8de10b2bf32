"""Settings of the baseline: the product's database, secret key, cache and session
store as the benchmark's product server has them (so a product login works here
too, whichever session store the product uses), and nothing else of it."""

from bench.support import server_settings as product

SECRET_KEY = product.SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = product.DATABASES
CACHES = product.CACHES
SESSION_ENGINE = getattr(product, "SESSION_ENGINE", "django.contrib.sessions.backends.db")
SESSION_COOKIE_NAME = getattr(product, "SESSION_COOKIE_NAME", "sessionid")
CSRF_COOKIE_NAME = getattr(product, "CSRF_COOKIE_NAME", "csrftoken")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "bench.baseline",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "bench.baseline.urls"
WSGI_APPLICATION = "bench.baseline.wsgi.application"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
