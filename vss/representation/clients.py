"""The lawyer's side of representation: who a lawyer's clients are, the notes written on
their files, and telling lawyers when a client's application changes status."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, Status, StatusChange
from vss.applications.workflow import CIVIL_PARTY
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.policy import Right
from vss.proceedings.models import Case

from .models import ClientNote, LawyerStatus, LeadCoLawyerAppointment, Representation
from .selectors import current_lead_mandates

NOTE_MAX_LENGTH = 5000


# --- a lawyer's clients ---------------------------------------------------------------


@dataclass
class ClientFilters:
    case_id: int | None = None
    status: str = ""


def _civil_party_statuses() -> list[tuple[str, Any]]:
    """The statuses of the Civil Party path (a complaint has no lawyer), in their order."""
    used = set(CIVIL_PARTY) | {t.to for moves in CIVIL_PARTY.values() for t in moves}
    return [(value, label) for value, label in Status.choices if value in used]


class ClientFilterForm(forms.Form):
    case = forms.ModelChoiceField(
        label=gettext_lazy("Case"),
        queryset=Case.objects.all(),
        required=False,
        empty_label=gettext_lazy("Any"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any")), *_civil_party_statuses()],
        required=False,
    )

    def filters(self) -> ClientFilters:
        if not self.is_valid():
            return ClientFilters()
        case = self.cleaned_data["case"]
        return ClientFilters(case_id=case.pk if case else None, status=self.cleaned_data["status"])


def _practising_lawyer_id(user: User) -> int:
    """The lawyer's list entry; anyone else (VSS staff have the lawyers list) is refused."""
    policy.require_right(user, Right.WORK_FOR_CLIENTS)
    lawyer_id = policy.lawyer_id_of(user)
    if lawyer_id is None:
        raise PermissionDenied
    return lawyer_id


def client_list_for_lawyer(user: User, filters: ClientFilters) -> QuerySet[Representation]:
    """The lawyer's current mandates, each with its application, applicant and case."""
    representations = Representation.objects.filter(
        lawyer_id=_practising_lawyer_id(user), ended_on__isnull=True
    ).select_related("application__applicant", "application__case")
    if filters.case_id:
        representations = representations.filter(application__case_id=filters.case_id)
    if filters.status:
        representations = representations.filter(application__status=filters.status)
    return representations.order_by(
        "application__case__number", "application__vss_number", "application_id"
    )


def lead_mandates_of(user: User) -> list[LeadCoLawyerAppointment]:
    """The cases whose consolidated group the lawyer leads as a Lead Co-Lawyer."""
    return list(current_lead_mandates(_practising_lawyer_id(user)))


# --- notes on a client's file -----------------------------------------------------------


class ClientNoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("New note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@dataclass
class ClientNotes:
    notes: list[ClientNote]
    form: ClientNoteForm | None  # None when the user may read but not write


def client_notes_for_detail(
    user: User, application: Application, form: ClientNoteForm | None = None
) -> ClientNotes:
    """The notes section of an application's page, for a user who may read the notes
    (`policy.can_read_client_notes`: not an intermediary, nor a Lead Co-Lawyer reading
    someone else's client)."""
    notes = list(
        ClientNote.objects.filter(application=application)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
    if not policy.can_write_client_note(user, application):
        form = None
    elif form is None:
        form = ClientNoteForm(prefix="note")
    return ClientNotes(notes=notes, form=form)


def client_application_for_note(user: User, pk: int) -> Application:
    """An application in scope (else 404) to whose file the user may write a note (else
    403: a Lead Co-Lawyer reads the rest of the consolidated group without writing)."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    application = get_object_or_404(
        policy.applications_in_scope(user, Application.objects.select_related("case")), pk=pk
    )
    if not policy.can_write_client_note(user, application):
        raise PermissionDenied
    return application


@transaction.atomic
def client_note_add(*, actor: User, application: Application, text: str) -> ClientNote:
    if not policy.can_write_client_note(actor, application):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving it.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A note holds at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    note = ClientNote.objects.create(application=application, text=text, author=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        label=f"{application.vss_number or f'application {application.pk}'} note {note.pk}",
        # The note itself stays on the file for good; a lawyer's words to the file are
        # no business of the audit log's readers, which records that it was written.
        changes={"text": {"old": None, "new": f"{len(text)} characters"}},
    )
    return note


# --- notifications ----------------------------------------------------------------------


def tell_lawyers_of_status_change(*, application: Application, change: StatusChange) -> None:
    """Notify the lawyers who represent the Civil Party now (not those whose mandate has
    ended, nor a lawyer taken off the list). The message names the VSS number and the
    case, never the person, whose identity may be protected."""
    from vss.notifications.services import notify

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


def tell_lawyer_of_mandate(*, representation: Representation, started: bool) -> None:
    """A lawyer with an account learns in VSS (and by email) that a client was given to
    them or taken away, naming the VSS number and the case only."""
    from vss.notifications.services import notify

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


def tell_lawyers_of_new_clients(*, counts: dict[int, int], group_name: str) -> None:
    """After the grouping tool: one notification per lawyer with an account, with the
    number of Civil Parties now theirs."""

    def message(count: int) -> str:
        return ngettext(
            "%(count)d Civil Party of the group “%(group)s” is now your client.",
            "%(count)d Civil Parties of the group “%(group)s” are now your clients.",
            count,
        ) % {"count": count, "group": group_name}

    _tell_each_lawyer(counts, message)


def _tell_each_lawyer(counts: dict[int, int], message: Callable[[int], str]) -> None:
    from vss.notifications.services import notify

    for user in User.objects.filter(lawyer__pk__in=list(counts)).select_related("lawyer"):
        notify(
            recipients=[user],
            message=partial(message, counts[user.lawyer.pk]),
            url=reverse("representation:my_clients"),
        )


def tell_lawyers_of_ended_mandates(*, counts: dict[int, int], group_name: str) -> None:
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

    _tell_each_lawyer(counts, message)
