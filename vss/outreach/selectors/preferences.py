"""Reads of how people are reached."""

from django.http import Http404

from ..models import ContactPreference, Subscriber


def require_stop_token(token: str) -> None:
    """A token some message carried, or 404: the page names no one either way."""
    if not (
        ContactPreference.objects.filter(stop_token=token).exists()
        or Subscriber.objects.filter(stop_token=token).exists()
    ):
        raise Http404
