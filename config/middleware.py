from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


def activate_chosen_language(request) -> str:
    """Activate the language of the switcher's cookie (Dutch without one)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def mark_language(response, language: str) -> None:
    response.headers.setdefault("Content-Language", language)
    patch_vary_headers(response, ("Cookie",))


class LanguageFromCookieMiddleware:
    """Dutch unless the person chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but
    Dutch is the municipality's language: a shared library PC set to English
    must still greet a resident's helper in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = activate_chosen_language(request)
        response = self.get_response(request)
        mark_language(response, language)
        return response


# Answers that need no login but carry personal data: the API (its own 401/403 say
# little, but its 200s say everything), calendar feeds and pages behind a feed link,
# and the partner's answer page behind a signed link.
PRIVATE_PREFIXES = ("/api/", "/cal/", "/answer/")


class PrivateResponsesMiddleware:
    """No shared cache, browser history or proxy keeps a copy of a private answer.

    Every answer to a signed-in person and every answer under PRIVATE_PREFIXES is
    `Cache-Control: private, no-store`. Static files are served before this runs
    (WhiteNoise) and keep their long cache lifetime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response
