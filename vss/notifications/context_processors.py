from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The number beside the user's name in the top bar: one COUNT on an index, run only
    by a page that shows the top bar (not by the HTMX fragments of a page being typed in)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}  # type: ignore[arg-type]
