"""The court's dates: recorded by the outreach officers, the legal officers and the Chief,
and announced to the Civil Parties of the case (through the message engine, by each
person's channel and in their language, those who agreed to news) and to their lawyers
(in VSS and by email). A date that moves is announced again; announcing a date nobody
changed since it was last announced sends nothing."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, new_values
from vss.notifications.services import notify
from vss.people.models import Person
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import LawyerStatus

from ..audit_labels import COURT_DATE
from ..models import CourtDate, CourtDateKind, Message, MessageKind, SendJob
from .sending import Content, job_queue, job_start, messages_write

TITLES = ("title_km", "title_en", "title_fr")
COURT_DATE_NOTICE = "outreach.court_date"


@dataclass
class CourtDateData:
    case: Case
    kind: str
    starts_at: datetime.datetime
    title_km: str = ""
    title_en: str = ""
    title_fr: str = ""
    is_public: bool = True


def _checked(data: CourtDateData) -> dict[str, object]:
    errors = {}
    if data.kind not in CourtDateKind.values:
        errors["kind"] = _("Choose what the court sits for.")
    if errors:
        raise ValidationError(errors)
    return {
        "case": data.case,
        "kind": data.kind,
        # Kept as the database gives it back, so an unchanged time is not a change.
        "starts_at": data.starts_at.astimezone(datetime.UTC),
        **{name: str(getattr(data, name)).strip() for name in TITLES},
        "is_public": data.is_public,
    }


def _label(court_date: CourtDate) -> str:
    day = timezone.localdate(court_date.starts_at).isoformat()
    return audit_label(COURT_DATE, case=court_date.case.number, date=day)


@transaction.atomic
def court_date_create(*, user: User, data: CourtDateData, announce: bool = True) -> CourtDate:
    """Record a court date; `announce` tells the Civil Parties of the case and their
    lawyers at once."""
    policy.require_right(user, Right.MANAGE_COURT_DATES)
    values = _checked(data)
    court_date = CourtDate.objects.create(created_by=user, **values)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=court_date,
        label=_label(court_date),
        changes=new_values(
            {
                **values,
                "case": data.case.pk,
                "starts_at": court_date.starts_at.isoformat(),
            }
        ),
    )
    if announce:
        court_date_announce(user=user, court_date=court_date)
    return court_date


@transaction.atomic
def court_date_update(
    *, user: User, court_date: CourtDate, data: CourtDateData, version: int
) -> CourtDate:
    """Save an edit made on a page opened at `version` (else StaleEdit). A date already
    announced that moves, or changes what the court sits for, is announced again."""
    policy.require_right(user, Right.MANAGE_COURT_DATES)
    court_date = CourtDate.objects.select_for_update().select_related("case").get(pk=court_date.pk)
    if court_date.archived_at is not None:
        raise ValidationError(_("This court date was archived: it is no longer changed."))
    changes = audited_update(
        court_date,
        actor=user,
        values=_checked(data),
        label=_label(court_date),
        expected_version=version,
    )
    if court_date.announced_at is not None and {"starts_at", "kind", "case"} & set(changes):
        court_date_announce(user=user, court_date=court_date)
    return court_date


@transaction.atomic
def court_date_archive(*, user: User, court_date: CourtDate, reason: str) -> CourtDate:
    policy.require_right(user, Right.MANAGE_COURT_DATES)
    court_date = CourtDate.objects.select_for_update().select_related("case").get(pk=court_date.pk)
    if court_date.archived_at is not None:
        raise ValidationError(_("This was already archived."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is archived.")})
    court_date.archived_at, court_date.archived_by = timezone.now(), user
    court_date.archive_reason = reason
    court_date.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=court_date,
        label=_label(court_date),
        changes=new_values(
            {"archived_at": court_date.archived_at.isoformat(), "archive_reason": reason}
        ),
    )
    return court_date


# --- the announcement ------------------------------------------------------------------


def civil_party_applications(case: Case) -> QuerySet[Application]:
    """The Civil Parties of the case, provisional or admitted. Civil Parties applied in
    the case a trial segment was severed from (002 for 002/01 and 002/02): a date in a
    segment is theirs, and a date in the case is its segments' Civil Parties' too."""
    return Application.objects.filter(
        Q(case=case) | Q(case__sub_cases=case) | Q(case__parent=case),
        status__in=CIVIL_PARTIES,
    )


def _announcement_key(court_date: CourtDate) -> str:
    return f"court-date-{court_date.pk}-v{court_date.version}"


def _when(court_date: CourtDate) -> str:
    return date_format(timezone.localtime(court_date.starts_at), "DATETIME_FORMAT")


def _kind_label(kind: str) -> str:
    return str(CourtDateKind(kind).label)


def _content(court_date: CourtDate, moved: bool) -> Content:
    values = {
        "case": court_date.case.number,
        "kind": _kind_label(court_date.kind),
        "when": _when(court_date),
    }
    if moved:
        body = _("Case %(case)s, %(kind)s: moved to %(when)s.") % values
    else:
        body = _("Case %(case)s: %(kind)s on %(when)s.") % values
    if court_date.title:
        body = f"{body} {court_date.title}"
    subject = _("Case %(case)s: %(kind)s") % values
    signature = _("Victims Support Section, ECCC")
    return Content(subject=subject, body=f"{body}\n{signature}")


def word_court_date(params: Mapping[str, Any]) -> str:
    """The lawyers' notice, worded when read, in the reader's language."""
    values = {
        "case": params["case"],
        "kind": _kind_label(params["kind"]),
        "when": date_format(
            timezone.localtime(datetime.datetime.fromisoformat(params["starts_at"])),
            "DATETIME_FORMAT",
        ),
    }
    if params.get("moved"):
        return _("Case %(case)s, %(kind)s: moved to %(when)s.") % values
    return _("Case %(case)s: %(kind)s on %(when)s.") % values


@transaction.atomic
def court_date_announce(*, user: User, court_date: CourtDate) -> SendJob | None:
    """Tell the Civil Parties of the case (by their channel, in their language, those who
    agreed to news) and their lawyers. Announced already as it stands now (its version),
    it sends nothing and answers None."""
    policy.require_right(user, Right.MANAGE_COURT_DATES)
    court_date = CourtDate.objects.select_for_update().select_related("case").get(pk=court_date.pk)
    if court_date.archived_at is not None:
        raise ValidationError(_("This court date was archived: it is not announced."))
    key = _announcement_key(court_date)
    if Message.objects.filter(idempotency_key__startswith=f"{key}:").exists():
        return None
    moved = court_date.announced_at is not None
    applications = civil_party_applications(court_date.case)
    job = job_start(
        label=f"{court_date.case.number} {court_date.kind} {court_date.starts_at:%Y-%m-%d}",
        user=user,
    )
    written = messages_write(
        job=job,
        kind=MessageKind.COURT_DATE,
        people=Person.objects.filter(pk__in=applications.values("applicant_id")),
        content=lambda language, channel: _content(court_date, moved),
        key=key,
        news=True,
        court_date=court_date,
    )
    job_queue(job)
    lawyers = User.objects.filter(
        is_active=True,
        lawyer__status=LawyerStatus.RECOGNISED,
        lawyer__representations__application__in=applications,
        lawyer__representations__ended_on__isnull=True,
    ).distinct()
    notified = notify(
        recipients=lawyers,
        kind=COURT_DATE_NOTICE,
        params={
            "case": court_date.case.number,
            "kind": court_date.kind,
            "starts_at": court_date.starts_at.isoformat(),
            "moved": moved,
        },
        url=f"{reverse('outreach:calendar')}?case={court_date.case_id}",
    )
    # Not a change of the date itself: its version stays, so the key stays.
    old = court_date.announced_at
    court_date.announced_at = timezone.now()
    court_date.save(update_fields=["announced_at"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=court_date,
        label=_label(court_date),
        changes={
            "announced_at": {
                "old": old.isoformat() if old else None,
                "new": court_date.announced_at.isoformat(),
            },
            "messages_written": {"old": None, "new": written},
            "lawyers_notified": {"old": None, "new": len(notified)},
        },
    )
    return job
