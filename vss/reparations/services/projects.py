"""Every write to a project's own record: its creation and edits, its implementing
partners and its documents. Each function checks the actor's right, runs in one
transaction and writes its audit entry in it; the lifecycle's moves are in lifecycle.py,
the Lead Co-Lawyers' requests in claims.py."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind, User
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.audit.models import AuditAction
from vss.audit.services import StaleEdit, audit_record, audited_update, check_version, new_values
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from ..models import (
    Category,
    Project,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectPartner,
    ProjectStatusChange,
)

TITLES = ("title_km", "title_en", "title_fr")
DESCRIPTIONS = ("description_km", "description_en", "description_fr")
REFERENCE_PREFIX = "REP"


@dataclass
class ProjectData:
    title_km: str
    title_en: str
    title_fr: str
    category: str
    cases: list[Case]
    officer: User
    description_km: str = ""
    description_en: str = ""
    description_fr: str = ""
    groups_served: list[CivilPartyGroup] | None = None


def _checked(data: ProjectData) -> dict[str, object]:
    """The project's own values from `data`, or the refusal naming each field at fault."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for name in (*TITLES, *DESCRIPTIONS):
        values[name] = str(getattr(data, name)).strip()
    for name in TITLES:
        if not values[name]:
            errors[name] = _("Give the title in Khmer, English and French.")
    if data.category not in Category.values:
        errors["category"] = _("Choose one of the four categories.")
    if not data.cases:
        errors["cases"] = _("Choose the case or cases the project answers.")
    case_ids = {case.pk for case in data.cases}
    for group in data.groups_served or []:
        if group.case_id not in case_ids:
            errors["groups_served"] = _("A group served must be a group of the project's cases.")
        elif group.archived_at is not None:
            errors["groups_served"] = _("An archived group cannot be served.")
    if not policy.may_be_project_officer(data.officer):
        errors["officer"] = _("The responsible officer is a reparations officer or the Chief.")
    if errors:
        raise ValidationError(errors)
    values["category"] = data.category
    values["officer"] = data.officer
    return values


def _next_reference(case: Case) -> str:
    """The case number of the project's first case and the next running number of that
    case's projects. The case's row is locked so that two projects made at once do not
    take the same number."""
    Case.objects.select_for_update().get(pk=case.pk)
    prefix = f"{REFERENCE_PREFIX}-{case.number}-"
    taken = Project.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(m.group(1)) for ref in taken if (m := re.fullmatch(r".*-(\d+)", ref))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _first_case(cases: list[Case]) -> Case:
    return min(cases, key=lambda case: case.number)


def _ids(records: list[Case] | list[CivilPartyGroup]) -> list[int]:
    return sorted(record.pk for record in records)


@transaction.atomic
def project_create(*, user: User, data: ProjectData) -> Project:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    values = _checked(data)
    project = Project(reference=_next_reference(_first_case(data.cases)), created_by=user, **values)
    project.save()
    project.cases.set(data.cases)
    groups = data.groups_served or []
    project.groups_served.set(groups)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=project,
        label=project.reference,
        changes=new_values(
            {
                "reference": project.reference,
                **{name: value for name, value in values.items() if name != "officer"},
                "officer": data.officer.pk,
                "cases": _ids(data.cases),
                "groups_served": _ids(groups) or None,
            }
        ),
    )
    return project


def locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def check_fresh(project: Project, version: int) -> None:
    """Refuse a change decided on a page opened before someone else's save or move: the
    refusal names what changed (from the audited saves) and the status now."""
    try:
        check_version(project, version)
    except StaleEdit as stale:
        status = (str(_("Status")), project.get_status_display())
        changed = [line for line in stale.changed if line[0] != status[0]]
        raise StaleEdit(
            [*changed, status], record=stale.record, current_version=stale.current_version
        ) from None


@transaction.atomic
def project_update(*, user: User, project: Project, data: ProjectData, version: int) -> Project:
    """Save an edit of the project made on a page opened at `version` (else StaleEdit).
    Its reference stays what it was made with, whatever its cases become."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = locked(project)
    check_fresh(project, version)
    values = _checked(data)
    groups = data.groups_served or []
    before_cases = sorted(project.cases.values_list("pk", flat=True))
    before_groups = sorted(project.groups_served.values_list("pk", flat=True))
    changes = audited_update(
        project,
        actor=user,
        values=values,
        label=project.reference,
        related={
            "cases": (before_cases, _ids(data.cases)),
            "groups_served": (before_groups, _ids(groups)),
        },
        expected_version=version,
    )
    if "cases" in changes:
        project.cases.set(data.cases)
    if "groups_served" in changes:
        project.groups_served.set(groups)
    return project


# --- implementing partners ---------------------------------------------------------------


@dataclass
class PartnerData:
    organisation: Organisation
    is_lead: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@transaction.atomic
def project_partner_add(*, user: User, project: Project, data: PartnerData) -> ProjectPartner:
    """An organisation joins the project as an implementing partner. A new lead takes the
    lead from the partner that held it: a project has one lead implementer."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = locked(project)
    if data.organisation.kind != OrganisationKind.PARTNER:
        raise ValidationError(
            {"organisation": _("Only a partner organisation implements a project.")}
        )
    current = project.partnerships.filter(ended_at__isnull=True)
    if current.filter(organisation=data.organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation already implements the project.")}
        )
    if data.is_lead:
        for former in current.filter(is_lead=True):
            audited_update(former, actor=user, values={"is_lead": False}, label=project.reference)
    partnership = ProjectPartner.objects.create(
        project=project,
        organisation=data.organisation,
        is_lead=data.is_lead,
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email.strip(),
        contact_phone=data.contact_phone.strip(),
        added_by=user,
    )
    # The contact is the organisation's staff member, not a victim: kept in the log.
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=partnership,
        label=project.reference,
        changes=new_values(
            {
                "organisation": data.organisation.pk,
                "is_lead": data.is_lead,
                "contact_name": partnership.contact_name,
                "contact_email": partnership.contact_email,
                "contact_phone": partnership.contact_phone,
            }
        ),
    )
    return partnership


@transaction.atomic
def project_partner_end(*, user: User, partnership: ProjectPartner, reason: str) -> ProjectPartner:
    """End a partnership; the record stays, with who ended it, when and why."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    partnership = ProjectPartner.objects.select_for_update().get(pk=partnership.pk)
    if partnership.ended_at is not None:
        raise ValidationError(_("This partnership has already ended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the partnership ends.")})
    audited_update(
        partnership,
        actor=user,
        values={"ended_at": timezone.now(), "ended_by": user, "end_reason": reason.strip()},
        label=partnership.project.reference,
    )
    return partnership


# --- documents ---------------------------------------------------------------------------


@dataclass
class ProjectUpload:
    """A file already judged by its content (vss.applications.uploads.check_upload)."""

    kind: str
    file: File
    checked: CheckedUpload


def store_document(
    *,
    user: User,
    project: Project,
    upload: ProjectUpload,
    status_change: ProjectStatusChange | None = None,
) -> ProjectDocument:
    """Store and audit one document (the caller checked the right and holds the
    transaction). It is kept under its digest, not under the name it came with."""
    if upload.kind not in ProjectDocumentKind.values:
        raise ValidationError({"kind": _("Choose what the document is.")})
    original = name_for_storage(upload.file, upload.checked, default="document")
    document = ProjectDocument.objects.create(
        project=project,
        status_change=status_change,
        kind=upload.kind,
        file=upload.file,
        original_name=original,
        content_type=upload.checked.content_type,
        size=upload.checked.size,
        sha256=upload.checked.sha256,
        uploaded_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=document,
        label=project.reference,
        changes=new_values(
            {
                "status_change": status_change.pk if status_change else None,
                "kind": upload.kind,
                "sha256": upload.checked.sha256,
            }
        ),
    )
    return document


@transaction.atomic
def project_document_add(*, user: User, project: Project, upload: ProjectUpload) -> ProjectDocument:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    return store_document(user=user, project=locked(project), upload=upload)
