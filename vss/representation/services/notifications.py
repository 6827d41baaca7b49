"""Telling lawyers, in VSS and by email, when a client's application changes status or a
client is given to them or taken away. A message names the VSS number and the case, never
the person, whose identity may be protected. Each kind keeps codes and numbers and is worded
when read, in the reader's language (registered in hooks.py)."""

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from vss.accounts.models import User
from vss.applications.models import Application, Status, StatusChange
from vss.notifications.services import notify

from ..models import LawyerStatus, Representation

STATUS_CHANGED = "representation.status_changed"
CLIENT_GIVEN = "representation.client_given"
MANDATE_ENDED = "representation.mandate_ended"
GROUP_CLIENTS_GIVEN = "representation.group_clients_given"
GROUP_MANDATES_ENDED = "representation.group_mandates_ended"


def _in_language(value: Any) -> str:
    """A name kept in each language ({"en": ..., "km": ...}) in the active one, else English;
    a plain text as it is."""
    if isinstance(value, Mapping):
        return str(value.get(get_language() or "en") or value.get("en", ""))
    return str(value)


def word_status_changed(params: Mapping[str, Any]) -> str:
    return _("%(number)s (case %(case)s): status changed from “%(old)s” to “%(new)s”.") % {
        "number": params["number"],
        "case": params["case"],
        "old": Status(params["old"]).label,
        "new": Status(params["new"]).label,
    }


def word_client_given(params: Mapping[str, Any]) -> str:
    return _("%(number)s (case %(case)s) is now your client.") % {
        "number": params["number"],
        "case": params["case"],
    }


def word_mandate_ended(params: Mapping[str, Any]) -> str:
    return _("Your mandate for %(number)s (case %(case)s) has ended.") % {
        "number": params["number"],
        "case": params["case"],
    }


def word_group_clients_given(params: Mapping[str, Any]) -> str:
    count = int(params["count"])
    return ngettext(
        "%(count)d Civil Party of the group “%(group)s” is now your client.",
        "%(count)d Civil Parties of the group “%(group)s” are now your clients.",
        count,
    ) % {"count": count, "group": _in_language(params["group"])}


def word_group_mandates_ended(params: Mapping[str, Any]) -> str:
    count = int(params["count"])
    return ngettext(
        "Your mandate for %(count)d Civil Party ended: they were moved to the group "
        "“%(group)s” with another lawyer.",
        "Your mandates for %(count)d Civil Parties ended: they were moved to the group "
        "“%(group)s” with another lawyer.",
        count,
    ) % {"count": count, "group": _in_language(params["group"])}


MESSAGE_KINDS = {
    STATUS_CHANGED: word_status_changed,
    CLIENT_GIVEN: word_client_given,
    MANDATE_ENDED: word_mandate_ended,
    GROUP_CLIENTS_GIVEN: word_group_clients_given,
    GROUP_MANDATES_ENDED: word_group_mandates_ended,
}


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
    notify(
        recipients=recipients,
        kind=STATUS_CHANGED,
        params={
            "number": str(application),
            "case": application.case.number,
            "old": change.from_status,
            "new": change.to_status,
        },
        url=reverse("applications:detail", args=[application.pk]),
    )


def notify_lawyer_of_mandate(*, representation: Representation, started: bool) -> None:
    """A lawyer with an account learns in VSS (and by email) that a client was given to
    them or taken away, naming the VSS number and the case only."""
    lawyer_user = User.objects.filter(lawyer__pk=representation.lawyer_id).first()
    if lawyer_user is None:
        return
    application = representation.application
    notify(
        recipients=[lawyer_user],
        kind=CLIENT_GIVEN if started else MANDATE_ENDED,
        params={"number": str(application), "case": application.case.number},
        url=reverse("applications:detail", args=[application.pk]) if started else "",
    )


def notify_lawyers_of_new_clients(*, counts: dict[int, int], group_name: Any) -> None:
    """After the grouping tool: one notification per lawyer with an account, with the
    number of Civil Parties now theirs. The group's name is a text or its name in each
    language."""
    _notify_each_lawyer(counts, GROUP_CLIENTS_GIVEN, group_name)


def _notify_each_lawyer(counts: dict[int, int], kind: str, group_name: Any) -> None:
    for user in User.objects.filter(lawyer__pk__in=list(counts)).select_related("lawyer"):
        notify(
            recipients=[user],
            kind=kind,
            params={"count": counts[user.lawyer.pk], "group": group_name},
            url=reverse("representation:my_clients"),
        )


def notify_lawyers_of_ended_mandates(*, counts: dict[int, int], group_name: Any) -> None:
    """After the grouping tool gave Civil Parties another common lawyer: each lawyer whose
    mandates ended learns how many, and why."""
    _notify_each_lawyer(counts, GROUP_MANDATES_ENDED, group_name)
