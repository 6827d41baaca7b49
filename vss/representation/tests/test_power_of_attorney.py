"""A mandate's power of attorney: attached later to a current mandate that has none (the
grouping tool makes mandates without one), never replaced, and downloaded with the same
rights and scope as a supporting document, the download audited."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vss.applications.models import Application, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.representation import services
from vss.representation.models import Representation
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.factories import ApplicationFactory, CaseFactory, RepresentationFactory

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def _pdf(name: str = "power SOK Chea.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@dataclass
class World:
    application: Application  # a Civil Party of Case 002/02, the lawyer persona's client
    bare: Representation  # the lawyer persona's mandate, no power of attorney on file
    filed: Representation  # another lawyer's mandate for the same client, with one


@pytest.fixture
def world(settings, tmp_path, lawyer, legal) -> World:
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory.create(
        case=CaseFactory.create(number="002/02"), status=Status.ADMITTED
    )
    bare = RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    filed = RepresentationFactory.create(application=application)
    services.power_of_attorney_attach(
        actor=legal,
        representation=filed,
        power_of_attorney=_power(_pdf()),
    )
    filed.refresh_from_db()
    return World(application=application, bare=bare, filed=filed)


def _power(upload: SimpleUploadedFile) -> services.PowerOfAttorney:
    from vss.applications.uploads import check_upload

    return services.PowerOfAttorney(upload=upload, checked=check_upload(upload))


def _attach_url(mandate: Representation) -> str:
    return reverse("representation:power_of_attorney_attach", args=[mandate.pk])


def _download_url(mandate: Representation) -> str:
    return reverse("representation:power_of_attorney_download", args=[mandate.pk])


# --- attaching ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chief", "legal"])
def test_a_manager_attaches_the_power_of_attorney_and_it_is_audited(request, world, name):
    client = signed_in(request, name)
    response = client.post(_attach_url(world.bare), {f"poa-{world.bare.pk}-file": _pdf("p.pdf")})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[world.application.pk])
    world.bare.refresh_from_db()
    assert world.bare.power_of_attorney_name == "p.pdf"
    assert world.bare.power_of_attorney.read() == PDF
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE,
        object_type="representation.representation",
        object_id=str(world.bare.pk),
    )
    assert entry.actor == request.getfixturevalue(name)
    assert entry.changes["power_of_attorney_sha256"]["new"] == world.bare.power_of_attorney_sha256
    page = client.get(reverse("applications:detail", args=[world.application.pk]))
    assert _download_url(world.bare) in page.content.decode()


def test_a_file_that_is_not_a_pdf_or_image_is_refused_with_a_message(request, world):
    client = signed_in(request, "legal")
    upload = SimpleUploadedFile("power.pdf", EXE, "application/pdf")
    response = client.post(_attach_url(world.bare), {f"poa-{world.bare.pk}-file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a PDF, JPEG, PNG or TIFF file" in body
    assert response.context["representation"].failed_attach == world.bare.pk
    empty = client.post(_attach_url(world.bare), {})
    assert empty.status_code == 400 and "Choose a file." in empty.content.decode()
    world.bare.refresh_from_db()
    assert not world.bare.power_of_attorney
    assert not AuditEntry.objects.filter(
        object_type="representation.representation", object_id=str(world.bare.pk)
    ).exists()


def test_a_power_on_file_is_not_replaced(request, world):
    before = (world.filed.power_of_attorney.name, world.filed.power_of_attorney_sha256)
    other = SimpleUploadedFile("new.pdf", PDF + b"%another\n", "application/pdf")
    response = signed_in(request, "chief").post(
        _attach_url(world.filed), {f"poa-{world.filed.pk}-file": other}
    )
    assert response.status_code == 400
    assert "already on file" in response.content.decode()
    world.filed.refresh_from_db()
    assert (world.filed.power_of_attorney.name, world.filed.power_of_attorney_sha256) == before


def test_an_ended_mandate_is_not_changed(request, world, legal):
    services.representation_end(
        actor=legal, representation=world.bare, ended_on=datetime.date(2024, 5, 2), reason="Gone"
    )
    response = signed_in(request, "legal").post(
        _attach_url(world.bare), {f"poa-{world.bare.pk}-file": _pdf()}
    )
    assert response.status_code == 400
    assert "This mandate has ended" in response.content.decode()
    world.bare.refresh_from_db()
    assert not world.bare.power_of_attorney


@pytest.mark.parametrize(
    "name",
    [
        "intake",
        "reparations",
        "outreach",
        "auditor",
        "partner",
        "donor",
        "lawyer",
        "lead_co_lawyer",
    ],
)
def test_those_who_do_not_manage_representation_attach_nothing(request, world, name):
    """The client's own lawyer included: the VSS files the mandate's papers."""
    response = signed_in(request, name).post(
        _attach_url(world.bare), {f"poa-{world.bare.pk}-file": _pdf()}
    )
    assert response.status_code == 403
    world.bare.refresh_from_db()
    assert not world.bare.power_of_attorney


def test_attaching_needs_a_post_and_the_csrf_token(request, world):
    assert signed_in(request, "legal").get(_attach_url(world.bare)).status_code == 405
    client = signed_in(request, "legal", enforce_csrf_checks=True)
    response = client.post(_attach_url(world.bare), {f"poa-{world.bare.pk}-file": _pdf()})
    assert response.status_code == 403
    world.bare.refresh_from_db()
    assert not world.bare.power_of_attorney


def test_an_unknown_mandate_is_not_found(request, world):
    client = signed_in(request, "chief")
    assert (
        client.post(reverse("representation:power_of_attorney_attach", args=[9999])).status_code
        == 404
    )
    assert (
        client.get(reverse("representation:power_of_attorney_download", args=[9999])).status_code
        == 404
    )
    # A mandate without a power on file has nothing to download.
    assert client.get(_download_url(world.bare)).status_code == 404


# --- downloading -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chief", "intake", "legal", "lawyer"])
def test_the_download_is_given_and_audited(request, world, name):
    response = signed_in(request, name).get(_download_url(world.filed))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert 'filename="power SOK Chea.pdf"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        actor=request.getfixturevalue(name),
        action=AuditAction.DOWNLOAD,
        object_type="representation.representation",
        object_id=str(world.filed.pk),
    ).exists()


@pytest.mark.parametrize("name", ["reparations", "outreach", "auditor", "partner", "donor"])
def test_roles_without_the_right_to_download_are_refused(request, world, name):
    assert signed_in(request, name).get(_download_url(world.filed)).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


@pytest.mark.parametrize("name", ["other_lawyer", "lead_co_lawyer", "intermediary"])
def test_outside_the_users_scope_the_power_is_not_found(request, world, name):
    """The Lead Co-Lawyer reads the client's file in the consolidated group, but the power
    a Civil Party gave their own lawyers is not theirs to open."""
    client = signed_in(request, name)
    assert client.get(_download_url(world.filed)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()
    if name == "lead_co_lawyer":
        page = client.get(reverse("applications:detail", args=[world.application.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "power of attorney on file" in body
        assert _download_url(world.filed) not in body
        assert _attach_url(world.bare) not in body


def test_a_lead_co_lawyer_opens_the_power_of_their_ownsigned_in(request, world, lead_co_lawyer):
    RepresentationFactory.create(application=world.application, lawyer=lead_co_lawyer.lawyer)
    assert signed_in(request, "lead_co_lawyer").get(_download_url(world.filed)).status_code == 200


def test_the_scan_is_not_given_to_those_who_see_the_pseudonym(request, world):
    """The scan shows the name whatever the file is called: intake, who sees the
    pseudonym, is refused it, and the client's own lawyer still opens it."""
    Person.objects.filter(pk=world.application.applicant_id).update(
        is_protected=True, pseudonym="CP-0042"
    )
    response = signed_in(request, "intake").get(_download_url(world.filed))
    assert response.status_code == 403
    assert "Content-Disposition" not in response
    assert "SOK" not in response.content.decode()
    assert signed_in(request, "lawyer").get(_download_url(world.filed)).status_code == 200


def test_the_page_offers_the_form_where_no_power_is_on_file(request, world):
    body = (
        signed_in(request, "legal")
        .get(reverse("applications:detail", args=[world.application.pk]))
        .content.decode()
    )
    assert _attach_url(world.bare) in body and _attach_url(world.filed) not in body
    assert _download_url(world.filed) in body
    intake_page = (
        signed_in(request, "intake")
        .get(reverse("applications:detail", args=[world.application.pk]))
        .content.decode()
    )
    assert _download_url(world.filed) in intake_page and _attach_url(world.bare) not in intake_page
