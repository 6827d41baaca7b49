"""The public pages (the portal's site, the public figures) speak Khmer to a visitor who
has chosen no language: most victims read only Khmer, and a phone's browser in Cambodia
often asks for English."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PUBLIC_DEFAULT_LANGUAGE = "km"


def khmer_by_default(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a public view: Khmer unless the visitor chose a language with the switcher
    (Django's language cookie, which holds the language code and nothing else)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES) and not request.user.is_authenticated:
            translation.activate(PUBLIC_DEFAULT_LANGUAGE)
            request.LANGUAGE_CODE = PUBLIC_DEFAULT_LANGUAGE
        return view(request, *args, **kwargs)

    return wrapped
