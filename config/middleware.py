from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageFromCookieMiddleware:
    """Dutch unless the person chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but
    Dutch is the municipality's language: a shared library PC set to English
    must still greet a resident's helper in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
