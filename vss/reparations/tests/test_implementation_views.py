"""The pages of a project at work as their users meet them: a partner files a report with
a photo from a phone, a donor reads it and sees the photo but never who took part, a
renamed program is refused by its content, an overdue milestone waits in the officer's
queue."""

import html
import io
import re

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from vss.accounts.models import User
from vss.applications.uploads import STAGING_SALT, check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.reparations.models import (
    Milestone,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectStatus,
)
from vss.reparations.sections import project_sections
from vss.reparations.selectors import implementation as selectors
from vss.reparations.services import implementation as services
from vss.reparations.services.implementation import CheckedFile, PeopleReached
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.english import english_words
from vss.testing.factories import (
    MilestoneFactory,
    ProgressReportFactory,
    ProvinceFactory,
    UserFactory,
)

from .implementation_world import (
    CAMERA_OWNER,
    DAY,
    GPS_IFD,
    World,
    checked_photo,
    civil_party,
    jpeg_with_gps,
    project_at_work,
    world,
)

pytestmark = pytest.mark.django_db

# What a program looks like to whoever reads its first bytes (a Windows executable).
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def work(partner, other_partner, donor, other_donor) -> World:
    return world(partner=partner, other_partner=other_partner, donor=donor, other_donor=other_donor)


def _report_post(province_code: str, upload: SimpleUploadedFile) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "period_start": (today - 30 * DAY).isoformat(),
        "period_end": today.isoformat(),
        "language": "km",
        "text": "Three villages visited.",
        "counts-TOTAL_FORMS": "2",
        "counts-INITIAL_FORMS": "0",
        "counts-0-province": province_code,
        "counts-0-sex": "female",
        "counts-0-count": "40",
        "counts-1-province": "",
        "counts-1-sex": "female",
        "counts-1-count": "",
        "files-TOTAL_FORMS": "2",
        "files-INITIAL_FORMS": "0",
        "files-0-file": upload,
        "files-0-caption": "Visitors",
    }


def test_a_partner_files_a_report_with_a_photo_from_a_phone(request, work):
    province = ProvinceFactory.create()
    client = signed_in(request, "partner")
    form_page = client.get(reverse("reparations:report_create", args=[work.project.pk]))
    assert 'accept="image/*,application/pdf"' in form_page.content.decode()
    photo = SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps((1600, 1200)), "image/jpeg")
    response = client.post(
        reverse("reparations:report_create", args=[work.project.pk]),
        _report_post(province.code, photo),
    )
    report = ProgressReport.objects.exclude(pk=work.report.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reparations:report_detail", args=[report.pk])
    assert list(report.counts.values_list("province", "sex", "count")) == [
        (province.code, "female", 40)
    ]
    stored = report.attachments.get()
    page = client.get(response["Location"]).content.decode()
    thumbnail_url = reverse("reparations:attachment_thumbnail", args=[stored.pk])
    assert f'src="{thumbnail_url}"' in page
    thumbnail = client.get(thumbnail_url)
    assert thumbnail["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumbnail.content)) as small:
        assert max(small.size) <= 320
        assert not small.getexif().get_ifd(GPS_IFD)
    with stored.file.open("rb") as handle, Image.open(handle) as kept:
        assert kept.size == (1600, 1200)
        assert CAMERA_OWNER not in kept.getexif()


def test_a_renamed_program_is_refused_by_its_content_and_what_was_typed_kept(request, work):
    province = ProvinceFactory.create()
    client = signed_in(request, "partner")
    disguised = SimpleUploadedFile("photo.jpg", EXECUTABLE, "image/jpeg")
    response = client.post(
        reverse("reparations:report_create", args=[work.project.pk]),
        _report_post(province.code, disguised),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "judged by its content" in page
    assert "Three villages visited." in page
    assert ProgressReport.objects.count() == 1
    assert not ProgressAttachment.objects.exclude(pk=work.photo.pk).exists()


def test_a_report_sent_back_for_a_mistake_keeps_its_photo(
    request, work, django_capture_on_commit_callbacks
):
    province = ProvinceFactory.create()
    client = signed_in(request, "partner")
    url = reverse("reparations:report_create", args=[work.project.pk])
    photo = SimpleUploadedFile("IMG_3001.jpg", jpeg_with_gps(), "image/jpeg")
    refused = client.post(url, _report_post(province.code, photo) | {"text": ""})
    assert refused.status_code == 400
    assert "IMG_3001.jpg" in refused.content.decode()
    token = refused.context["files"].forms[0].data["files-0-staged"]
    assert token
    again = _report_post(province.code, photo) | {"files-0-file": "", "files-0-staged": token}
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(url, again)
    assert accepted.status_code == 302
    stored = ProgressAttachment.objects.get(original_name="IMG_3001.jpg")
    assert stored.caption == "Visitors"
    kept_aside = signing.loads(token, salt=STAGING_SALT)["path"]
    assert not default_storage.exists(kept_aside)


def test_a_file_added_to_a_report_is_checked_by_its_content(request, work):
    client = signed_in(request, "partner")
    url = reverse("reparations:attachment_add", args=[work.report.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("notes.pdf", EXECUTABLE)})
    assert refused.status_code == 400
    assert work.report.attachments.count() == 1


def test_a_donor_reads_the_report_and_sees_its_photo_but_no_one_who_took_part(request, work, donor):
    client = signed_in(request, "donor")
    page = client.get(reverse("reparations:report_detail", args=[work.report.pk]))
    assert page.status_code == 200
    assert work.report.text in page.content.decode()
    assert (
        client.get(reverse("reparations:attachment_thumbnail", args=[work.photo.pk])).status_code
        == 200
    )
    download = client.get(reverse("reparations:attachment_download", args=[work.photo.pk]))
    assert download.status_code == 200
    # The photo's own name may carry a person's: a donor gets a name made of numbers.
    assert "IMG_0001" not in download["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_id=str(work.photo.pk), actor=donor
    ).exists()
    sections = project_sections.shown_to(donor, work.project)
    assert "implementation" in sections
    assert "participants" not in sections
    with pytest.raises(PermissionDenied):
        selectors.participants_of(donor, work.project)


def test_a_photo_taken_off_its_report_is_shown_and_sent_to_no_one(request, work):
    client = signed_in(request, "partner")
    report_url = reverse("reparations:report_detail", args=[work.report.pk])
    archive_url = reverse("reparations:attachment_archive", args=[work.photo.pk])
    assert archive_url in client.get(report_url).content.decode()
    refused = client.post(archive_url, {"reason": ""})
    assert refused.status_code == 400
    assert client.post(archive_url, {"reason": "Shows a face"})["Location"] == report_url
    thumbnail = reverse("reparations:attachment_thumbnail", args=[work.photo.pk])
    assert thumbnail not in client.get(report_url).content.decode()
    for name in ("partner", "donor", "chief"):
        reader = signed_in(request, name)
        assert reader.get(thumbnail).status_code == 404
        download = reverse("reparations:attachment_download", args=[work.photo.pk])
        assert reader.get(download).status_code == 404


def test_a_partner_of_another_project_finds_none_of_it(request, work):
    client = signed_in(request, "other_partner")
    for url in (
        reverse("reparations:report_detail", args=[work.report.pk]),
        reverse("reparations:attachment_thumbnail", args=[work.photo.pk]),
        reverse("reparations:report_create", args=[work.project.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_partner_sees_who_took_part_protected_people_by_pseudonym(partner, work):
    person = work.participation.application.applicant
    Person.objects.filter(pk=person.pk).update(is_protected=True, pseudonym="TP-0007")
    [row] = selectors.participants_of(partner, work.project)
    assert row.name == "TP-0007"
    entry = AuditEntry.objects.get(object_type="reparations.participation", actor=partner)
    assert entry.changes["shown"]["new"] == 1
    assert "participants" in project_sections.shown_to(partner, work.project)


def test_the_officer_sees_the_name_of_who_took_part(reparations, work):
    [row] = selectors.participants_of(reparations, work.project)
    assert "SOK" in row.name


def test_people_reached_are_summed_over_the_reports(reparations, partner):
    project = project_at_work(partner=partner)
    kandal = ProvinceFactory.create(code="08", name_en="Kandal", name_km="កណ្ដាល")
    takeo = ProvinceFactory.create(code="21", name_en="Takeo", name_km="តាកែវ")
    today = timezone.localdate()
    for counts in (
        [PeopleReached(kandal, "female", 30), PeopleReached(takeo, "male", 5)],
        [PeopleReached(kandal, "female", 12), PeopleReached(kandal, "male", 9)],
    ):
        services.progress_report_submit(
            user=partner,
            project=project,
            period_start=today - DAY,
            period_end=today,
            text="A period's work",
            language="en",
            counts=counts,
        )
    reached = selectors.people_reached(project)
    by_province = {row.province.code: row.by_sex for row in reached.rows}
    assert by_province["08"] == {"female": 42, "male": 9, "unknown": 0}
    assert by_province["21"] == {"female": 0, "male": 5, "unknown": 0}
    assert reached.by_sex == {"female": 42, "male": 14, "unknown": 0}
    assert reached.total == 56


def test_the_implementation_section_reads_in_constant_queries(
    reparations, work, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as few:
        selectors.implementation_of(reparations, work.project)
    for _ in range(4):
        report = ProgressReportFactory.create(project=work.project)
        services.progress_attachment_add(user=reparations, report=report, file=checked_photo())
        MilestoneFactory.create(project=work.project)
    with django_assert_num_queries(len(few)):
        section = selectors.implementation_of(reparations, work.project)
        assert sum(len(r.attachments.all()) for r in section.reports) == 5


# --- the officer's queue ------------------------------------------------------------------


def test_an_overdue_milestone_waits_in_its_officers_queue_and_the_chiefs(request, reparations):
    today = timezone.localdate()
    mine = project_at_work(officer=reparations)
    overdue = MilestoneFactory.create(project=mine, title="Exhibition opens", due_on=today - DAY)
    MilestoneFactory.create(project=mine, title="Not yet due", due_on=today)
    done = MilestoneFactory.create(project=mine, title="Done late", due_on=today - 9 * DAY)
    services.milestone_mark_done(user=reparations, milestone=done, done_on=today)
    colleague = UserFactory.create(username="officer-two", role="reparations")
    MilestoneFactory.create(
        project=project_at_work(officer=colleague), title="A colleague's", due_on=today - DAY
    )
    MilestoneFactory.create(
        project=project_at_work(officer=reparations, status=ProjectStatus.ABANDONED),
        title="Of an abandoned project",
        due_on=today - DAY,
    )
    assert selectors.overdue_milestones(reparations) == [overdue]
    home = signed_in(request, "reparations").get(reverse("core:home")).content.decode()
    assert "Exhibition opens" in home
    assert "A colleague" not in home
    assert "Not yet due" not in home
    chief_home = signed_in(request, "chief").get(reverse("core:home")).content.decode()
    assert "Exhibition opens" in chief_home
    assert "A colleague" in chief_home


@pytest.mark.parametrize("name", ["intake", "partner", "donor"])
def test_who_runs_no_project_has_no_milestone_queue(request, name):
    assert selectors.overdue_milestones(request.getfixturevalue(name)) is None


# --- forms ----------------------------------------------------------------------------------


def test_the_officer_adds_a_milestone_and_a_mistake_is_shown_with_what_was_typed(request, work):
    client = signed_in(request, "reparations")
    url = reverse("reparations:milestone_add", args=[work.project.pk])
    refused = client.post(url, {"title": "Opening ceremony", "due_on": "31/02/2026"})
    assert refused.status_code == 400
    assert "Opening ceremony" in refused.content.decode()
    added = client.post(url, {"title": "Opening ceremony", "due_on": "2026-06-30"})
    assert added.status_code == 302
    assert Milestone.objects.filter(project=work.project, title="Opening ceremony").exists()


def test_the_officer_marks_a_milestone_done_and_archives_another(request, work):
    client = signed_in(request, "reparations")
    done = client.post(
        reverse("reparations:milestone_done", args=[work.milestone.pk]),
        {"done_on": timezone.localdate().isoformat(), "note": "On time"},
    )
    assert done.status_code == 302
    work.milestone.refresh_from_db()
    assert work.milestone.done_on == timezone.localdate()
    other = MilestoneFactory.create(project=work.project)
    refused = client.post(reverse("reparations:milestone_archive", args=[other.pk]), {"reason": ""})
    assert refused.status_code == 400
    archived = client.post(
        reverse("reparations:milestone_archive", args=[other.pk]), {"reason": "Duplicate"}
    )
    assert archived.status_code == 302


def test_the_officer_records_a_civil_party_by_number_and_a_wrong_number_is_explained(request, work):
    client = signed_in(request, "reparations")
    url = reverse("reparations:participation_add", args=[work.project.pk])
    refused = client.post(url, {"vss_number": "VSS-NOPE"})
    assert refused.status_code == 400
    assert "VSS-NOPE" in refused.content.decode()
    assert "No Civil Party of this project" in refused.content.decode()
    archive = reverse("reparations:participation_archive", args=[work.participation.pk])
    assert client.post(archive, {"reason": "Recorded by mistake"}).status_code == 302
    number = work.participation.application.vss_number
    assert client.post(url, {"vss_number": number}).status_code == 302


def test_the_officer_records_the_evaluation_with_its_report(request, reparations):
    project = project_at_work(status=ProjectStatus.COMPLETED)
    client = signed_in(request, "reparations")
    url = reverse("reparations:evaluation_record", args=[project.pk])
    response = client.post(
        url,
        {
            "evaluated_on": timezone.localdate().isoformat(),
            "evaluator": "Independent evaluator",
            "language": "fr",
            "summary": "Objectifs atteints.",
            "document": SimpleUploadedFile("evaluation.jpg", jpeg_with_gps(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert project.evaluation.summary == "Objectifs atteints."
    assert project.documents.get().kind == "evaluation"
    assert "evaluation" in project_sections.shown_to(reparations, project)


def test_an_evaluation_of_a_project_not_completed_is_refused_on_the_form(request, work):
    client = signed_in(request, "reparations")
    response = client.post(
        reverse("reparations:evaluation_record", args=[work.project.pk]),
        {
            "evaluated_on": timezone.localdate().isoformat(),
            "evaluator": "Evaluator",
            "language": "en",
            "summary": "Findings",
        },
    )
    assert response.status_code == 400
    assert "once it is completed" in response.content.decode()


# --- in Khmer -------------------------------------------------------------------------------

KHMER_REPORT = "ការតាំងពិព័រណ៍ចល័តបានទៅដល់ភូមិបី។"


def _text(html_page: str) -> str:
    """What a page shows: its text without tags, the values of its attributes read to a
    user (alt, title, placeholder) with it."""
    shown = re.findall(r'(?:alt|title|placeholder|aria-label)="([^"]*)"', html_page)
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html_page, flags=re.S)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", body), *shown]))


@pytest.fixture
def khmer_work(partner, reparations) -> World:
    project = project_at_work(partner=partner, officer=reparations)
    report = ProgressReportFactory.create(project=project, text=KHMER_REPORT, language="km")
    photo = services.progress_attachment_add(
        user=reparations, report=report, file=checked_photo(caption="អ្នកទស្សនា")
    )
    services.progress_attachment_add(
        user=reparations,
        report=report,
        file=CheckedFile(
            upload=SimpleUploadedFile("ផែនការ.pdf", PDF),
            checked=check_upload(SimpleUploadedFile("ផែនការ.pdf", PDF)),
        ),
    )
    milestone = MilestoneFactory.create(
        project=project, title="បើកការតាំងពិព័រណ៍", due_on=timezone.localdate() - DAY
    )
    participation = services.participation_add(
        user=reparations, project=project, vss_number=str(civil_party().vss_number)
    )
    return World(
        project=project,
        report=report,
        photo=photo,
        milestone=milestone,
        participation=participation,
        other=project,
    )


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("core:home"),
        lambda w: reverse("reparations:report_detail", args=[w.report.pk]),
        lambda w: reverse("reparations:report_create", args=[w.project.pk]),
        lambda w: reverse("reparations:milestone_add", args=[w.project.pk]),
        lambda w: reverse("reparations:milestone_done", args=[w.milestone.pk]),
        lambda w: reverse("reparations:milestone_archive", args=[w.milestone.pk]),
        lambda w: reverse("reparations:participation_add", args=[w.project.pk]),
        lambda w: reverse("reparations:participation_archive", args=[w.participation.pk]),
        lambda w: reverse("reparations:evaluation_record", args=[w.project.pk]),
    ],
    ids=[
        "home",
        "report",
        "new report",
        "new milestone",
        "milestone done",
        "milestone archived",
        "new participant",
        "participant archived",
        "evaluation",
    ],
)
def test_the_pages_speak_khmer(request, khmer_work, page):
    client = signed_in(request, "reparations")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    response = client.get(page(khmer_work))
    assert response.status_code == 200
    usernames = frozenset(User.objects.values_list("username", flat=True))
    assert english_words(_text(response.content.decode()), allowed=usernames) == []


def test_the_sections_speak_khmer(rf, reparations, khmer_work):
    Project.objects.filter(pk=khmer_work.project.pk).update(status=ProjectStatus.COMPLETED)
    khmer_work.project.refresh_from_db()
    services.evaluation_record(
        user=reparations,
        project=khmer_work.project,
        evaluated_on=timezone.localdate(),
        evaluator="អ្នកវាយតម្លៃឯករាជ្យ",
        summary="គម្រោងបានសម្រេចគោលដៅ។",
        language="km",
    )
    web_request = rf.get("/")
    web_request.user = reparations
    usernames = frozenset(User.objects.values_list("username", flat=True))
    with translation.override("km"):
        sections = project_sections.shown_to(reparations, khmer_work.project)
        assert {"implementation", "participants", "evaluation"} <= set(sections)
        for name in ("implementation", "participants", "evaluation"):
            shown = render_to_string(
                sections[name].template, sections[name].context, request=web_request
            )
            assert english_words(_text(shown), allowed=usernames) == [], name


# --- on the project's page ------------------------------------------------------------------


def test_the_project_page_shows_its_work_to_each_as_the_policy_says(request, work):
    url = reverse("reparations:project_detail", args=[work.project.pk])
    person = work.participation.application.applicant
    Person.objects.filter(pk=person.pk).update(is_protected=True, pseudonym="TP-0042")
    officer_page = signed_in(request, "chief").get(url).content.decode()
    partner_page = signed_in(request, "partner").get(url).content.decode()
    donor_page = signed_in(request, "donor").get(url).content.decode()
    report_url = reverse("reparations:report_detail", args=[work.report.pk])
    for page in (officer_page, partner_page, donor_page):
        assert 'id="implementation"' in page
        assert report_url in page
    assert person.family_name_latin in officer_page
    assert "TP-0042" in partner_page and person.given_name_latin not in partner_page
    assert 'id="participants"' not in donor_page
    assert "TP-0042" not in donor_page and person.given_name_latin not in donor_page


def test_the_project_page_reads_its_work_in_constant_queries(
    request, reparations, work, django_assert_num_queries
):
    client = signed_in(request, "reparations")
    url = reverse("reparations:project_detail", args=[work.project.pk])
    # The process's first page with free text reads the protected people's names once.
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        report = ProgressReportFactory.create(project=work.project)
        services.progress_attachment_add(user=reparations, report=report, file=checked_photo())
        MilestoneFactory.create(project=work.project)
        services.participation_add(
            user=reparations, project=work.project, vss_number=str(civil_party().vss_number)
        )
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_a_reports_page_reads_its_files_in_constant_queries(
    request, reparations, work, django_assert_num_queries
):
    client = signed_in(request, "donor")
    url = reverse("reparations:report_detail", args=[work.report.pk])
    # The process's first page with free text reads the protected people's names once.
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        services.progress_attachment_add(user=reparations, report=work.report, file=checked_photo())
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["page"].photos) == 4
