from django.http import HttpRequest

from vss import policy


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the menu may show: links only to pages the user has the right to open."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"nav": policy.navigation_for(user)}  # type: ignore[arg-type]
