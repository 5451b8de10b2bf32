"""Error pages (403, 404, 429, 500) that show the way back: the home page and the
buddy programme's phone number, in the visitor's language."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

from buddies.phones import national_format


def programme_contact(request: HttpRequest | None = None) -> dict[str, str]:
    """Context processor: the number people call when a page does not help them."""
    number = settings.ACCESSIBILITY_CONTACT_PHONE
    return {"programme_phone": national_format(number), "programme_phone_e164": number}


def server_error_page() -> HttpResponseServerError:
    """The 500 page, rendered without the request: whatever broke may break again
    in a context processor, so this page needs nothing but its template."""
    html = loader.get_template("500.html").render(programme_contact())
    return HttpResponseServerError(html)
