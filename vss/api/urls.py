from django.urls import URLPattern, URLResolver

from .api import api


def _token_authenticated(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """The API's views, released from the sign-in page's rules (a session, a second factor
    owed): a token stands for the sign-in, checked by the API's own authentication."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


app_name = "api"
urlpatterns = _token_authenticated(api.urls[0])
