from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from vss.core.menu import menu_for

# Each language named in itself, so that a reader finds their own whatever is showing.
INTERFACE_LANGUAGES = [("km", "ខ្មែរ"), ("en", "English"), ("fr", "Français")]


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the menu may show: links only to pages the user has the right to open. Built
    when a page shows the menu, not for every HTMX fragment."""
    user = request.user
    context: dict[str, object] = {"interface_languages": INTERFACE_LANGUAGES}
    if user.is_authenticated:
        context["nav"] = SimpleLazyObject(lambda: menu_for(user))  # type: ignore[arg-type]
    return context
