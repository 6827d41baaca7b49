"""Telling lawyers, in VSS and by email, when a client's application changes status or a
client is given to them or taken away. A message names the VSS number and the case, never
the person, whose identity may be protected."""

from collections.abc import Callable
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vss.accounts.models import User
from vss.applications.models import Application, Status, StatusChange
from vss.notifications.services import notify

from ..models import LawyerStatus, Representation


def notify_lawyers_of_status_change(*, application: Application, change: StatusChange) -> None:
    """Notify the lawyers who represent the Civil Party now (not those whose mandate has
    ended, nor a lawyer taken off the list). The message names the VSS number and the
    case, never the person, whose identity may be protected."""
    recipients = list(
        User.objects.filter(
            is_active=True,
            lawyer__status=LawyerStatus.RECOGNISED,
            lawyer__representations__application_id=application.pk,
            lawyer__representations__ended_on__isnull=True,
        ).distinct()
    )
    if not recipients:
        return

    def message() -> str:
        return _("%(number)s (case %(case)s): status changed from “%(old)s” to “%(new)s”.") % {
            "number": str(application),
            "case": application.case.number,
            "old": Status(change.from_status).label,
            "new": Status(change.to_status).label,
        }

    notify(
        recipients=recipients,
        message=message,
        url=reverse("applications:detail", args=[application.pk]),
    )


def notify_lawyer_of_mandate(*, representation: Representation, started: bool) -> None:
    """A lawyer with an account learns in VSS (and by email) that a client was given to
    them or taken away, naming the VSS number and the case only."""
    lawyer_user = User.objects.filter(lawyer__pk=representation.lawyer_id).first()
    if lawyer_user is None:
        return
    application = representation.application

    def message() -> str:
        values = {"number": str(application), "case": application.case.number}
        if started:
            return _("%(number)s (case %(case)s) is now your client.") % values
        return _("Your mandate for %(number)s (case %(case)s) has ended.") % values

    notify(
        recipients=[lawyer_user],
        message=message,
        url=reverse("applications:detail", args=[application.pk]) if started else "",
    )


def notify_lawyers_of_new_clients(*, counts: dict[int, int], group_name: str) -> None:
    """After the grouping tool: one notification per lawyer with an account, with the
    number of Civil Parties now theirs."""

    def message(count: int) -> str:
        return ngettext(
            "%(count)d Civil Party of the group “%(group)s” is now your client.",
            "%(count)d Civil Parties of the group “%(group)s” are now your clients.",
            count,
        ) % {"count": count, "group": group_name}

    _notify_each_lawyer(counts, message)


def _notify_each_lawyer(counts: dict[int, int], message: Callable[[int], str]) -> None:
    for user in User.objects.filter(lawyer__pk__in=list(counts)).select_related("lawyer"):
        notify(
            recipients=[user],
            message=partial(message, counts[user.lawyer.pk]),
            url=reverse("representation:my_clients"),
        )


def notify_lawyers_of_ended_mandates(*, counts: dict[int, int], group_name: str) -> None:
    """After the grouping tool gave Civil Parties another common lawyer: each lawyer whose
    mandates ended learns how many, and why."""

    def message(count: int) -> str:
        return ngettext(
            "Your mandate for %(count)d Civil Party ended: they were moved to the group "
            "“%(group)s” with another lawyer.",
            "Your mandates for %(count)d Civil Parties ended: they were moved to the group "
            "“%(group)s” with another lawyer.",
            count,
        ) % {"count": count, "group": group_name}

    _notify_each_lawyer(counts, message)
