"""Every write to a form or an application: each function runs in one transaction and
writes its audit entries in it, so a change and its record stand or fall together."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import (
    StaleEdit,
    audit_record,
    audited_update,
    check_version,
    diff,
    snapshot,
)
from vss.people.models import Person, Relationship
from vss.people.services import (
    PersonData,
    kinship_link,
    person_create,
    person_death_record,
    person_update,
)
from vss.policy import Right
from vss.proceedings.models import Case

from . import status_hooks, workflow
from .audit_labels import FORM, FORM_IN_CASE
from .models import (
    Application,
    ApplicationKind,
    Channel,
    CrimeSuffered,
    Harm,
    Status,
    StatusChange,
    SupportingDocument,
    VictimInformationForm,
    VictimType,
)
from .uploads import CheckedUpload, name_for_storage

AUDITED_FORM_FIELDS = [
    "channel",
    "intermediary",
    "received_on",
    "signed_on",
    "signature",
    "consent_share_with_court",
    "consent_contact",
    "consent_publish_name",
    "account",
    "reparation_wishes",
]
# Text staff type on a VIF, which may name a protected person (see policy.free_text).
FORM_FREE_TEXT = ("account", "reparation_wishes")


@dataclass
class FormData:
    channel: str
    intermediary_id: int | None = None
    received_on: datetime.date | None = None
    signed_on: datetime.date | None = None
    signature: str = "none"
    consent_share_with_court: bool = False
    consent_contact: bool = False
    consent_publish_name: bool = False
    account: str = ""
    reparation_wishes: str = ""


@dataclass
class CrimeData:
    crime_type_id: int
    crime_site_id: int | None = None
    village_id: str | None = None
    place_description: str = ""
    from_year: int | None = None
    to_year: int | None = None


@dataclass
class HarmData:
    kind: str
    victim_type: str
    description: str = ""
    relationship: str = ""
    relative: PersonData | None = None


@dataclass
class DocumentData:
    kind: str
    upload: UploadedFile | File
    checked: CheckedUpload
    # Set when the file was kept aside from an earlier attempt at the form.
    staged_path: str | None = None


@dataclass
class CaseRequest:
    case_id: int
    kind: str = ApplicationKind.CIVIL_PARTY


@dataclass
class FormContent:
    """Everything a VIF carries beyond its applicant."""

    form: FormData
    crimes: list[CrimeData] = field(default_factory=list)
    harms: list[HarmData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    requests: list[CaseRequest] = field(default_factory=list)


def _form_label(form: VictimInformationForm) -> str:
    return audit_label(FORM, form=form.pk)


def _form_values(actor: User, data: FormData) -> dict[str, Any]:
    """The values a VIF takes from `data`, by field name. An intermediary's user enters
    forms for their own organisation only."""
    values = {
        name: getattr(data, "intermediary_id" if name == "intermediary" else name)
        for name in AUDITED_FORM_FIELDS
    }
    if policy.acts_for_intermediary(actor):
        values["channel"] = Channel.INTERMEDIARY
        values["intermediary"] = actor.organisation_id
    elif values["channel"] != Channel.INTERMEDIARY:
        values["intermediary"] = None
    return values


def _add_crimes(form: VictimInformationForm, crimes: list[CrimeData]) -> None:
    CrimeSuffered.objects.bulk_create(
        CrimeSuffered(
            form=form,
            crime_type_id=c.crime_type_id,
            crime_site_id=c.crime_site_id,
            village_id=c.village_id,
            place_description=c.place_description,
            from_year=c.from_year,
            to_year=c.to_year,
        )
        for c in crimes
    )


def _add_harms(actor: User, form: VictimInformationForm, harms: list[HarmData]) -> None:
    for h in harms:
        relative = None
        if h.victim_type == VictimType.INDIRECT and h.relative is not None:
            relative = person_create(actor=actor, data=h.relative)
            kinship_link(
                actor=actor,
                person=form.applicant,
                relative=relative,
                relationship=Relationship(h.relationship or Relationship.OTHER),
            )
        Harm.objects.create(
            form=form,
            kind=h.kind,
            victim_type=h.victim_type,
            relative=relative,
            relationship=h.relationship if relative else "",
            description=h.description,
        )


def _crimes_summary(form: VictimInformationForm) -> list[list[object]]:
    return [
        [c.crime_type_id, c.crime_site_id, c.village_id, c.from_year, c.to_year]
        for c in form.crimes.all()
    ]


def _harms_summary(form: VictimInformationForm) -> list[list[object]]:
    return [[h.kind, h.victim_type, h.relative_id, h.relationship] for h in form.harms.all()]


def _add_document(
    actor: User, form: VictimInformationForm, doc: DocumentData
) -> SupportingDocument:
    original = name_for_storage(doc.upload, doc.checked, default="document")
    document = SupportingDocument(
        form=form,
        kind=doc.kind,
        file=doc.upload,
        original_name=original,
        content_type=doc.checked.content_type,
        size=doc.checked.size,
        sha256=doc.checked.sha256,
        uploaded_by=actor,
    )
    document.save()
    if doc.staged_path:
        staged_path = doc.staged_path
        transaction.on_commit(lambda: default_storage.delete(staged_path))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        label=_form_label(form),
        changes={
            "kind": {"old": None, "new": doc.kind},
            "sha256": {"old": None, "new": doc.checked.sha256},
        },
    )
    return document


def _open_application(
    actor: User, form: VictimInformationForm, request: CaseRequest
) -> Application:
    case = Case.objects.get(pk=request.case_id)
    if case.is_terminated or not case.accepts_applications:
        raise ValidationError(_("%(case)s does not accept applications.") % {"case": case})
    if Application.objects.filter(applicant=form.applicant, case=case).exists():
        raise ValidationError(
            _("This applicant already has an application in %(case)s.") % {"case": case}
        )
    village = form.applicant.village_id or ""
    application = Application.objects.create(
        form=form, applicant=form.applicant, case=case, kind=request.kind, province_code=village[:2]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        label=audit_label(FORM_IN_CASE, form=form.pk, case=case.number),
        changes={
            "case": {"old": None, "new": case.number},
            "kind": {"old": None, "new": request.kind},
        },
    )
    return application


@transaction.atomic
def form_create(
    *,
    actor: User,
    applicant: PersonData | None = None,
    existing_applicant: Person | None = None,
    content: FormContent,
) -> VictimInformationForm:
    """Record a VIF with its applicant (new, or a person already known), crimes, harms,
    documents and one draft application per case it names."""
    policy.require_right(actor, Right.ENTER_FORMS)
    if not content.requests:
        raise ValidationError(_("Name at least one case."))
    if existing_applicant is None:
        if applicant is None:
            raise ValidationError(_("The applicant is missing."))
        existing_applicant = person_create(actor=actor, data=applicant)
    form = VictimInformationForm(applicant=existing_applicant, created_by=actor)
    for name, value in _form_values(actor, content.form).items():
        setattr(form, "intermediary_id" if name == "intermediary" else name, value)
    if policy.acts_for_intermediary(actor):
        form.entered_by_organisation_id = actor.organisation_id
    form.full_clean(exclude=["created_by", "applicant"])
    form.save()
    _add_crimes(form, content.crimes)
    _add_harms(actor, form, content.harms)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=form,
        label=_form_label(form),
        changes=diff(
            {},
            {
                **snapshot(form, AUDITED_FORM_FIELDS),
                "applicant": existing_applicant.pk,
                "crimes": _crimes_summary(form),
                "harms": _harms_summary(form),
            },
        ),
    )
    added: list[SupportingDocument] = []
    try:
        for doc in content.documents:
            added.append(_add_document(actor, form, doc))
        for request in content.requests:
            _open_application(actor, form, request)
    except Exception:
        # The refusal rolls the documents' rows back, not the files already written for
        # them: scans of identity papers would stay on disk, owned by no record.
        for document in added:
            default_storage.delete(document.file.name)
        raise
    return form


@transaction.atomic
def form_update(
    *,
    actor: User,
    form: VictimInformationForm,
    applicant: PersonData,
    content: FormContent,
    expected_version: int | None = None,
    applicant_version: int | None = None,
) -> VictimInformationForm:
    """Correct a VIF. Crimes are replaced by what the form now says (the audit entry keeps
    what they were); harms, documents and cases are only ever added: an application no
    longer wanted is withdrawn through the workflow, not removed. The versions are those
    of the form and its applicant when the page was opened: a save over a later save of
    either is refused (`StaleEdit`) and nothing is written."""
    form = VictimInformationForm.objects.select_for_update().get(pk=form.pk)
    if not policy.can_edit_form(actor, form):
        raise PermissionDenied
    # Refused before anything is written (the applicant, crimes, harms). A typed text
    # that names someone the actor may not identify is listed by its label alone.
    check_version(
        form,
        expected_version,
        hidden=[
            name
            for name in FORM_FREE_TEXT
            if policy.free_text(actor, getattr(form, name)) != getattr(form, name)
        ],
    )
    person_update(
        actor=actor, person=form.applicant, data=applicant, expected_version=applicant_version
    )
    crimes_before, harms_before = _crimes_summary(form), _harms_summary(form)
    form.crimes.all().delete()
    _add_crimes(form, content.crimes)
    _add_harms(actor, form, content.harms)
    audited_update(
        form,
        actor=actor,
        values=_form_values(actor, content.form),
        label=_form_label(form),
        check=lambda: form.full_clean(exclude=["created_by", "applicant"]),
        related={
            "crimes": (crimes_before, _crimes_summary(form)),
            "harms": (harms_before, _harms_summary(form)),
        },
        expected_version=expected_version,
    )
    for doc in content.documents:
        _add_document(actor, form, doc)
    existing = set(form.applications.values_list("case_id", flat=True))
    for request in content.requests:
        if request.case_id not in existing:
            _open_application(actor, form, request)
    return form


@transaction.atomic
def document_add(
    *, actor: User, form: VictimInformationForm, document: DocumentData
) -> SupportingDocument:
    if not policy.can_add_document(actor, form):
        raise PermissionDenied
    return _add_document(actor, form, document)


def _next_vss_number(case_id: int) -> str:
    case = Case.objects.select_for_update().get(pk=case_id)
    case.last_vss_serial += 1
    case.save(update_fields=["last_vss_serial"])
    return f"VSS-{case.number}-{case.last_vss_serial:05d}"


class StaleStatus(StaleEdit):
    """A decision taken on an application's page opened before someone else changed its
    status: recording it would decide on a status the officer did not see."""

    def __init__(self, application: Application) -> None:
        last = application.status_changes.select_related("actor").order_by("-at", "-id").first()
        status = application.get_status_display()
        self.changed = [(str(_("Status")), str(status))]
        self.record = application._meta.label_lower
        self.current_version = application.version
        if last is None:
            message = _(
                "The status of this application changed after you opened the page, so your "
                "decision was not recorded. It is now “%(status)s”. Check the application "
                "and decide again."
            ) % {"status": status}
        else:
            message = _(
                "The status of this application changed after you opened the page, so your "
                "decision was not recorded. It is now “%(status)s”, recorded by %(who)s on "
                "%(date)s. Check the application and decide again."
            ) % {
                "status": status,
                "who": last.actor.get_username(),
                "date": date_format(timezone.localtime(last.at), "SHORT_DATETIME_FORMAT"),
            }
        ValidationError.__init__(self, message, code="stale")


@transaction.atomic
def application_transition(
    *,
    actor: User,
    application: Application,
    to_status: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
    court_document: str = "",
    deadline_override_reason: str = "",
    expected_version: int | None = None,
) -> StatusChange:
    """Move an application along its workflow, or refuse with the reason why.
    `expected_version` is the application's version when the officer's page was opened:
    a decision taken after someone else's is refused (`StaleStatus`)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("case", "form")
        .get(pk=application.pk)
    )
    if expected_version is not None and application.version != expected_version:
        raise StaleStatus(application)
    transition = workflow.find_transition(application.kind, application.status, to_status)
    if transition is None:
        raise ValidationError(
            _("An application that is “%(status)s” cannot become “%(to)s”.")
            % {"status": application.get_status_display(), "to": Status(to_status).label}
        )
    policy.require_right(actor, transition.right)
    reason, court_document = reason.strip(), court_document.strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    # The history reads in order: a decision cannot predate the one it follows (which is
    # also what keeps a date before the Closing Order from slipping past Rule 23ter).
    previous = application.status_changes.order_by("-decided_on").first()
    if previous is not None and decided_on < previous.decided_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "The date cannot be before that of the previous decision (%(date)s)."
                )
                % {"date": date_format(previous.decided_on)}
            }
        )

    refusals = status_hooks.status_change_refusals(
        application=application, to_status=to_status, decided_on=decided_on
    )
    if refusals:
        raise ValidationError(refusals)

    update_fields = ["status", "status_changed_at"]
    if to_status == workflow.DEADLINE_CHECKED and application.vss_number is None:
        form = application.form
        if form.received_on is None:
            form.received_on = decided_on
            form.save(update_fields=["received_on"])
        deadline = application.case.application_deadline
        if deadline is not None and form.received_on > deadline:
            application.is_late = True
            override = deadline_override_reason.strip()
            if not policy.has_right(actor, Right.OVERRIDE_DEADLINE):
                raise ValidationError(
                    _(
                        "Received on %(received)s, after the deadline of %(deadline)s. Only a legal "
                        "officer or the Chief of Section can accept a late application."
                    )
                    % {"received": date_format(form.received_on), "deadline": date_format(deadline)}
                )
            if not override:
                raise ValidationError(
                    {
                        "deadline_override_reason": _(
                            "Received on %(received)s, after the deadline of %(deadline)s: give the "
                            "reason for accepting it late."
                        )
                        % {
                            "received": date_format(form.received_on),
                            "deadline": date_format(deadline),
                        }
                    }
                )
            application.deadline_override_reason = override
            application.deadline_override_by = actor
            update_fields += ["is_late", "deadline_override_reason", "deadline_override_by"]
        application.vss_number = _next_vss_number(application.case_id)
        update_fields.append("vss_number")

    if to_status == Status.DECEASED:
        person_death_record(actor=actor, person=application.applicant)

    old_status = application.status
    application.status = to_status
    application.status_changed_at = timezone.now()
    application.version += 1
    application.save(update_fields=[*update_fields, "version"])
    change = StatusChange.objects.create(
        application=application,
        from_status=old_status,
        to_status=to_status,
        actor=actor,
        decided_on=decided_on,
        reason=reason,
        court_document=court_document,
    )
    status_hooks.status_changed(application=application, change=change)
    changes: dict[str, dict[str, str | int | None]] = {
        "status": {"old": old_status, "new": to_status},
        "version": {"old": application.version - 1, "new": application.version},
    }
    if "vss_number" in update_fields:
        changes["vss_number"] = {"old": None, "new": application.vss_number}
    if "is_late" in update_fields:
        changes["deadline_override_reason"] = {
            "old": "",
            "new": application.deadline_override_reason,
        }
    if court_document:
        changes["court_document"] = {"old": None, "new": court_document}
    audit_record(
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        obj=application,
        label=application.vss_number or "",
        changes=changes,
    )
    return change


# A batch is what an officer ticks on a page of the list (50 rows) or a few pages of it:
# each receipt takes the case's number lock in turn, so a batch stays short.
MAX_BATCH = 200


@dataclass
class BatchReport:
    received: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, list[str]]] = field(default_factory=list)


def _reasons(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [_("Your role may not record this change.")]
    return [str(message) for message in error.messages]


@transaction.atomic
def application_receive_batch(
    *,
    actor: User,
    applications: list[Application],
    received_on: datetime.date | None = None,
) -> BatchReport:
    """Records the receipt of a batch of forms that came in together (an intermediary's,
    as a rule): each as `application_transition` records one, with the same checks, its
    own VSS number and its own audit entry.

    Item by item, with a report: a form refused (already received, late, ...) is listed
    with its reasons, and the others are received. Each receipt stands alone (its number,
    its deadline check), and a late form needs a reason of its own from someone who may
    accept it, so one late form in a pile of forty should not send the other thirty-nine
    back; the officer sees which was refused and why, and opens it."""
    policy.require_right(actor, Right.RECORD_INTAKE)
    if not applications:
        raise ValidationError(_("No form is selected."))
    if len(applications) > MAX_BATCH:
        raise ValidationError(
            _("At most %(max)s forms can be received at once.") % {"max": MAX_BATCH}
        )
    report = BatchReport()
    for application in sorted(applications, key=lambda a: a.pk):
        try:
            # A savepoint per form: a refused one leaves nothing behind, the others stay.
            with transaction.atomic():
                change = application_transition(
                    actor=actor,
                    application=application,
                    to_status=Status.RECEIVED,
                    decided_on=received_on,
                )
        except (ValidationError, PermissionDenied) as error:
            report.refused.append((application, _reasons(error)))
        else:
            report.received.append(change.application)
    return report
