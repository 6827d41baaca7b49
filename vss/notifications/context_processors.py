from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The number beside the user's name in the top bar: one COUNT on an index."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}  # type: ignore[arg-type]
