"""The writes of a project at work: who may make each, what each refuses, and the audit
entry each leaves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Sex
from vss.reparations.models import (
    BeneficiaryCount,
    Evaluation,
    Milestone,
    Participation,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectStatus,
)
from vss.reparations.services import implementation as services
from vss.reparations.services.implementation import PeopleReached
from vss.reparations.services.lifecycle import project_transition
from vss.testing.factories import MilestoneFactory, ProgressReportFactory, ProvinceFactory

from .implementation_world import (
    CAMERA_OWNER,
    DAY,
    GPS_IFD,
    checked_photo,
    civil_party,
    project_at_work,
)

pytestmark = pytest.mark.django_db

MANAGERS = ["chief", "reparations"]
NOT_MANAGERS = ["intake", "legal", "outreach", "auditor", "lead_co_lawyer", "partner"]


def _entries(obj: object, action: AuditAction) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower,  # type: ignore[attr-defined]
            object_id=str(obj.pk),  # type: ignore[attr-defined]
            action=action,
        )
    )


def today() -> datetime.date:
    return timezone.localdate()


# --- milestones ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", MANAGERS)
def test_the_officer_and_the_chief_add_a_milestone(request, name):
    user = request.getfixturevalue(name)
    project = project_at_work()
    milestone = services.milestone_add(
        user=user, project=project, title=" Exhibition opens ", due_on=today() + DAY
    )
    assert (milestone.title, milestone.recorded_by) == ("Exhibition opens", user)
    [entry] = _entries(milestone, AuditAction.CREATE)
    assert entry.changes["due_on"]["new"] == (today() + DAY).isoformat()
    assert entry.object_label == project.reference


@pytest.mark.parametrize("name", NOT_MANAGERS)
def test_no_one_else_adds_a_milestone(request, name):
    with pytest.raises(PermissionDenied):
        services.milestone_add(
            user=request.getfixturevalue(name),
            project=project_at_work(),
            title="Exhibition opens",
            due_on=today(),
        )
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("status", [ProjectStatus.EVALUATED, ProjectStatus.ABANDONED])
def test_a_project_that_is_over_takes_no_milestone(reparations, status):
    with pytest.raises(ValidationError):
        services.milestone_add(
            user=reparations, project=project_at_work(status=status), title="x", due_on=today()
        )


def test_a_milestone_needs_a_title(reparations):
    with pytest.raises(ValidationError) as refused:
        services.milestone_add(
            user=reparations, project=project_at_work(), title="  ", due_on=today()
        )
    assert "title" in refused.value.error_dict


def test_a_milestone_is_marked_done_once_and_not_in_the_future(reparations, intake):
    milestone = MilestoneFactory.create(project=project_at_work())
    with pytest.raises(PermissionDenied):
        services.milestone_mark_done(user=intake, milestone=milestone, done_on=today())
    with pytest.raises(ValidationError):
        services.milestone_mark_done(user=reparations, milestone=milestone, done_on=today() + DAY)
    services.milestone_mark_done(
        user=reparations, milestone=milestone, done_on=today(), note="Opened by the governor"
    )
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.done_note) == (today(), "Opened by the governor")
    [entry] = _entries(milestone, AuditAction.UPDATE)
    assert entry.changes["done_on"] == {"old": None, "new": today().isoformat()}
    with pytest.raises(ValidationError):
        services.milestone_mark_done(user=reparations, milestone=milestone, done_on=today())


def test_a_milestone_is_archived_with_a_reason_and_kept(reparations, partner):
    milestone = MilestoneFactory.create(project=project_at_work())
    with pytest.raises(PermissionDenied):
        services.milestone_archive(user=partner, milestone=milestone, reason="Dropped")
    with pytest.raises(ValidationError):
        services.milestone_archive(user=reparations, milestone=milestone, reason=" ")
    services.milestone_archive(user=reparations, milestone=milestone, reason="Merged with another")
    milestone.refresh_from_db()
    assert milestone.archived_by == reparations
    assert milestone.archive_reason == "Merged with another"
    [entry] = _entries(milestone, AuditAction.ARCHIVE)
    assert entry.changes["archive_reason"]["new"] == "Merged with another"
    with pytest.raises(ValidationError):
        services.milestone_mark_done(user=reparations, milestone=milestone, done_on=today())
    with pytest.raises(ValidationError):
        services.milestone_archive(user=reparations, milestone=milestone, reason="again")


# --- progress reports ---------------------------------------------------------------------


def _submit(user, project, **overrides):
    values = {
        "period_start": today() - 30 * DAY,
        "period_end": today(),
        "text": "The mobile exhibition visited three villages.",
        "language": "en",
    }
    return services.progress_report_submit(user=user, project=project, **(values | overrides))


def test_the_partner_reports_on_its_own_project_with_counts_and_a_photo(partner):
    project = project_at_work(partner=partner)
    province = ProvinceFactory.create()
    report = _submit(
        partner,
        project,
        counts=[
            PeopleReached(province, Sex.FEMALE, 120),
            PeopleReached(province, Sex.MALE, 80),
        ],
        files=[checked_photo(caption="Visitors at the exhibition")],
    )
    assert report.submitted_by == partner
    assert sorted(report.counts.values_list("sex", "count")) == [("female", 120), ("male", 80)]
    [photo] = report.attachments.all()
    assert (photo.caption, photo.content_type, photo.is_photo) == (
        "Visitors at the exhibition",
        "image/jpeg",
        True,
    )
    # Stored under its digest, the name it came with kept for the download.
    assert photo.original_name == "IMG_0001.jpg"
    assert "IMG_0001" not in photo.file.name
    [entry] = _entries(report, AuditAction.CREATE)
    assert entry.changes["people_reached"]["new"] == [
        [province.pk, "female", 120],
        [province.pk, "male", 80],
    ]
    assert "text" not in entry.changes
    assert _entries(photo, AuditAction.CREATE)[0].changes["sha256"]["new"] == photo.sha256


def test_a_stored_photo_has_no_position_and_no_camera_owner(partner):
    report = _submit(partner, project_at_work(partner=partner), files=[checked_photo()])
    with report.attachments.get().file.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert CAMERA_OWNER not in exif


@pytest.mark.parametrize("name", MANAGERS)
def test_the_officer_and_the_chief_report_on_any_project(request, name):
    user = request.getfixturevalue(name)
    assert _submit(user, project_at_work()).submitted_by == user


def test_a_partner_does_not_report_on_another_partners_project(partner, other_partner):
    with pytest.raises(PermissionDenied):
        _submit(partner, project_at_work(partner=other_partner))


@pytest.mark.parametrize("name", ["intake", "legal", "outreach", "auditor", "lead_co_lawyer"])
def test_roles_without_the_right_do_not_report(request, name):
    with pytest.raises(PermissionDenied):
        _submit(request.getfixturevalue(name), project_at_work())


def test_a_donor_does_not_report(donor):
    with pytest.raises(PermissionDenied):
        _submit(donor, project_at_work(donor=donor))


@pytest.mark.parametrize(
    "status", [ProjectStatus.IDEA, ProjectStatus.EVALUATED, ProjectStatus.ABANDONED]
)
def test_progress_is_reported_only_while_the_project_is_at_work(reparations, status):
    with pytest.raises(ValidationError):
        _submit(reparations, project_at_work(status=status))


@pytest.mark.parametrize(
    "status", [ProjectStatus.DESIGNED, ProjectStatus.FUNDED, ProjectStatus.REQUESTED]
)
def test_work_done_before_the_judgment_is_reported_too(reparations, status):
    """Partners began before the judges endorsed a project, as a guarantee that it
    could be carried out: that work is reported like any other."""
    report = _submit(reparations, project_at_work(status=status))
    assert report.project.status == status


def test_a_report_is_refused_for_a_reversed_period_or_the_same_count_twice(reparations):
    project = project_at_work()
    with pytest.raises(ValidationError) as reversed_period:
        _submit(reparations, project, period_start=today(), period_end=today() - DAY)
    assert "period_end" in reversed_period.value.error_dict
    province = ProvinceFactory.create()
    with pytest.raises(ValidationError):
        _submit(
            reparations,
            project,
            counts=[PeopleReached(province, "female", 1), PeopleReached(province, "female", 2)],
        )
    with pytest.raises(ValidationError):
        _submit(reparations, project, text="  ")
    assert not project.reports.exists()
    assert not BeneficiaryCount.objects.exists()


def test_a_file_is_added_to_a_report_by_who_may_report(partner, other_partner):
    report = ProgressReportFactory.create(project=project_at_work(partner=partner))
    with pytest.raises(PermissionDenied):
        services.progress_attachment_add(user=other_partner, report=report, file=checked_photo())
    added = services.progress_attachment_add(user=partner, report=report, file=checked_photo())
    assert added.uploaded_by == partner
    assert _entries(added, AuditAction.CREATE)


def test_a_file_is_taken_off_its_report_with_a_reason_and_kept(partner, other_partner, donor):
    report = ProgressReportFactory.create(project=project_at_work(partner=partner))
    photo = services.progress_attachment_add(user=partner, report=report, file=checked_photo())
    for stranger in (other_partner, donor):
        with pytest.raises(PermissionDenied):
            services.progress_attachment_archive(user=stranger, attachment=photo, reason="x")
    with pytest.raises(ValidationError):
        services.progress_attachment_archive(user=partner, attachment=photo, reason=" ")
    services.progress_attachment_archive(
        user=partner, attachment=photo, reason="A face shown without consent"
    )
    photo.refresh_from_db()
    assert (photo.archived_by, photo.archive_reason) == (partner, "A face shown without consent")
    assert photo.file.storage.exists(photo.file.name)
    [entry] = _entries(photo, AuditAction.ARCHIVE)
    assert entry.object_label == report.project.reference


# --- Civil Parties taking part ------------------------------------------------------------


def test_the_officer_records_a_civil_party_by_vss_number(reparations):
    project = project_at_work()
    application = civil_party()
    participation = services.participation_add(
        user=reparations,
        project=project,
        vss_number=f" {application.vss_number.lower()} ",
        took_part_on=today(),
    )
    assert participation.application == application
    [entry] = _entries(participation, AuditAction.CREATE)
    assert entry.changes["application"]["new"] == application.pk
    with pytest.raises(ValidationError) as twice:
        services.participation_add(
            user=reparations, project=project, vss_number=application.vss_number
        )
    assert "vss_number" in twice.value.error_dict


def test_a_civil_party_of_the_case_a_segment_was_severed_from_takes_part(reparations):
    segment = civil_party("002/02").case
    parent = civil_party("002").case
    segment.parent = parent
    segment.save(update_fields=["parent"])
    application = civil_party("002")
    project = project_at_work(cases=[segment])
    assert services.participation_add(
        user=reparations, project=project, vss_number=application.vss_number
    )


@pytest.mark.parametrize(
    "application",
    [
        lambda: civil_party(status=Status.RECEIVED),
        lambda: civil_party(status=Status.REJECTED),
        lambda: civil_party("001"),
    ],
    ids=["not yet a Civil Party", "rejected", "another case"],
)
def test_only_civil_parties_of_the_projects_cases_take_part(reparations, application):
    with pytest.raises(ValidationError) as refused:
        services.participation_add(
            user=reparations, project=project_at_work(), vss_number=application().vss_number
        )
    assert "vss_number" in refused.value.error_dict
    assert not Participation.objects.exists()


@pytest.mark.parametrize("name", ["partner", "intake", "lead_co_lawyer", "auditor"])
def test_only_the_officer_and_the_chief_record_who_took_part(request, name):
    with pytest.raises(PermissionDenied):
        services.participation_add(
            user=request.getfixturevalue(name),
            project=project_at_work(),
            vss_number=civil_party().vss_number,
        )


def test_a_participation_is_archived_with_a_reason_and_may_be_recorded_again(reparations):
    project = project_at_work()
    application = civil_party()
    first = services.participation_add(
        user=reparations, project=project, vss_number=application.vss_number
    )
    services.participation_archive(user=reparations, participation=first, reason="Wrong person")
    first.refresh_from_db()
    assert (first.archived_by, first.archive_reason) == (reparations, "Wrong person")
    assert _entries(first, AuditAction.ARCHIVE)
    again = services.participation_add(
        user=reparations, project=project, vss_number=application.vss_number
    )
    assert again.pk != first.pk


# --- evaluation ---------------------------------------------------------------------------


def _evaluate(user, project, **overrides):
    values = {
        "evaluated_on": today(),
        "evaluator": "Independent evaluator",
        "summary": "The exhibition reached its audience.",
        "language": "en",
    }
    return services.evaluation_record(user=user, project=project, **(values | overrides))


def test_the_officer_records_the_evaluation_of_a_completed_project(reparations):
    project = project_at_work(status=ProjectStatus.COMPLETED)
    document = checked_photo("evaluation-scan.jpg")
    evaluation = _evaluate(reparations, project, document=document)
    assert evaluation.project == project
    [stored] = ProjectDocument.objects.filter(project=project)
    assert (stored.kind, stored.original_name) == (
        ProjectDocumentKind.EVALUATION,
        "evaluation-scan.jpg",
    )
    assert _entries(evaluation, AuditAction.CREATE)
    assert _entries(stored, AuditAction.CREATE)
    with pytest.raises(ValidationError):
        _evaluate(reparations, project)


@pytest.mark.parametrize(
    "status", [ProjectStatus.IN_IMPLEMENTATION, ProjectStatus.EVALUATED, ProjectStatus.IDEA]
)
def test_only_a_completed_project_is_evaluated(reparations, status):
    with pytest.raises(ValidationError):
        _evaluate(reparations, project_at_work(status=status))
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("name", ["partner", "intake", "outreach", "lead_co_lawyer"])
def test_only_the_officer_and_the_chief_record_the_evaluation(request, name):
    with pytest.raises(PermissionDenied):
        _evaluate(request.getfixturevalue(name), project_at_work(status=ProjectStatus.COMPLETED))


def test_an_evaluation_needs_its_evaluator_and_findings(reparations):
    project = project_at_work(status=ProjectStatus.COMPLETED)
    with pytest.raises(ValidationError):
        _evaluate(reparations, project, evaluator=" ")
    with pytest.raises(ValidationError):
        _evaluate(reparations, project, summary="")
    with pytest.raises(ValidationError):
        _evaluate(reparations, project, evaluated_on=today() + DAY)


def test_the_evaluation_recorded_here_opens_the_move_to_evaluated(reparations):
    project = project_at_work(status=ProjectStatus.COMPLETED)
    with pytest.raises(ValidationError):
        project_transition(
            user=reparations,
            project=project,
            to_status=ProjectStatus.EVALUATED,
            version=project.version,
            happened_on=today(),
        )
    _evaluate(reparations, project)
    project.refresh_from_db()
    project_transition(
        user=reparations,
        project=project,
        to_status=ProjectStatus.EVALUATED,
        version=project.version,
        happened_on=today(),
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.EVALUATED
    # Evaluated, the project is over: nothing more falls due in it.
    with pytest.raises(ValidationError):
        services.milestone_add(user=reparations, project=project, title="x", due_on=today())
