from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vss.accounts.models import User

from .models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody reads anyone else's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_get_for_user(user: User, pk: int) -> Notification:
    return get_object_or_404(notifications_of(user), pk=pk)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
