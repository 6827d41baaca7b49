"""Every representation page (lawyers, Lead Co-Lawyers, mandates and their powers of
attorney, conflicts, the Rule 23ter list, a lawyer's clients, groups and the grouping
tool, the consolidated group) as each persona meets it: 200 for those allowed, 404
outside their scope, 403 without the right; 405 for a GET on a change, CSRF, what the
pages change, and list pages whose query count does not grow."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Application, Status
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.representation import services
from vss.representation.models import (
    CivilPartyGroup,
    ClientNote,
    ConflictOfInterest,
    GroupMembership,
    Lawyer,
    LawyerDocument,
    LawyerDocumentKind,
    LawyerKind,
    LawyerStatus,
    LeadCoLawyerAppointment,
    Representation,
)
from vss.representation.services import conflict_declare
from vss.tallies.services import counting_now
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    RepresentationFactory,
)
from vss.testing.personas import PERSONAS, STAFF

pytestmark = pytest.mark.django_db

MANAGERS = ["chief", "legal"]


@dataclass
class World:
    case: Case
    lawyer: Lawyer
    application: Application
    mandate: Representation
    orphan: Application
    lead: LeadCoLawyerAppointment
    document: LawyerDocument


@pytest.fixture
def world(db, settings, tmp_path, lawyer):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory.create(
        number="002/02", closing_order_on=datetime.date(2010, 9, 15), investigation_closed_on=None
    )
    application = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    mandate = RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    orphan = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    lead = LeadCoLawyerFactory.create(
        case=case, lawyer=LawyerFactory.create(kind=LawyerKind.INTERNATIONAL)
    )
    document = LawyerDocument.objects.create(
        lawyer=lawyer.lawyer,
        kind=LawyerDocumentKind.CV,
        file=SimpleUploadedFile("cv.pdf", PDF),
        original_name="cv.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=lawyer.lawyer.created_by,
    )
    return World(case, lawyer.lawyer, application, mandate, orphan, lead, document)


POST_URLS = {
    "lawyer_decide": lambda w: reverse("representation:lawyer_decide", args=[w.lawyer.pk]),
    "lawyer_document_upload": lambda w: reverse(
        "representation:lawyer_document_upload", args=[w.lawyer.pk]
    ),
    "lawyer_link_account": lambda w: reverse(
        "representation:lawyer_link_account", args=[w.lawyer.pk]
    ),
    "lead_appoint": lambda w: reverse("representation:lead_appoint", args=[w.case.pk]),
    "lead_end": lambda w: reverse("representation:lead_end", args=[w.lead.pk]),
    "representation_add": lambda w: reverse(
        "representation:representation_add", args=[w.orphan.pk]
    ),
    "representation_end": lambda w: reverse(
        "representation:representation_end", args=[w.mandate.pk]
    ),
    "conflict_declare": lambda w: reverse("representation:conflict_declare", args=[w.orphan.pk]),
}


# --- every page and every change, as each persona meets them ------------------------------


@dataclass
class Records:
    """The world, with what the remaining pages are about."""

    world: World
    group: CivilPartyGroup  # a group of Case 002/02, with its common lawyer
    conflict: ConflictOfInterest  # the lawyer persona's, with the orphan's applicant


@pytest.fixture
def records(world, legal) -> Records:
    services.power_of_attorney_attach(
        actor=legal,
        representation=world.mandate,
        power_of_attorney=services.PowerOfAttorney(
            upload=(upload := SimpleUploadedFile("power.pdf", PDF, "application/pdf")),
            checked=check_upload(upload),
        ),
    )
    group = CivilPartyGroupFactory.create(
        case=world.case, name="Team Keo", lawyer=LawyerFactory.create(family_name="KEO")
    )
    conflict = conflict_declare(
        actor=legal, lawyer=world.lawyer, person=world.orphan.applicant, description="Cousin"
    )
    return Records(world=world, group=group, conflict=conflict)


def _by_case(name: str) -> Callable[[Records], str]:
    return lambda r: reverse(name, args=[r.world.case.pk])


URLS: dict[str, Callable[[Records], str]] = {
    "representation:lawyer_list": lambda r: reverse("representation:lawyer_list"),
    "representation:lawyer_create": lambda r: reverse("representation:lawyer_create"),
    "representation:lawyer_detail": lambda r: reverse(
        "representation:lawyer_detail", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_edit": lambda r: reverse(
        "representation:lawyer_edit", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_decide": lambda r: reverse(
        "representation:lawyer_decide", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_document_upload": lambda r: reverse(
        "representation:lawyer_document_upload", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_link_account": lambda r: reverse(
        "representation:lawyer_link_account", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_caseload": lambda r: reverse(
        "representation:lawyer_caseload", args=[r.world.lawyer.pk]
    ),
    "representation:lawyer_document_download": lambda r: reverse(
        "representation:lawyer_document_download", args=[r.world.document.pk]
    ),
    "representation:case_leads": _by_case("representation:case_leads"),
    "representation:lead_appoint": _by_case("representation:lead_appoint"),
    "representation:lead_end": lambda r: reverse("representation:lead_end", args=[r.world.lead.pk]),
    "representation:representation_add": lambda r: reverse(
        "representation:representation_add", args=[r.world.orphan.pk]
    ),
    "representation:representation_end": lambda r: reverse(
        "representation:representation_end", args=[r.world.mandate.pk]
    ),
    "representation:power_of_attorney_download": lambda r: reverse(
        "representation:power_of_attorney_download", args=[r.world.mandate.pk]
    ),
    "representation:power_of_attorney_attach": lambda r: reverse(
        "representation:power_of_attorney_attach", args=[r.world.mandate.pk]
    ),
    "representation:conflict_declare": lambda r: reverse(
        "representation:conflict_declare", args=[r.world.orphan.pk]
    ),
    "representation:conflict_lift": lambda r: reverse(
        "representation:conflict_lift", args=[r.conflict.pk]
    ),
    "representation:without_lawyer": lambda r: reverse("representation:without_lawyer"),
    "representation:lawyer_choices": lambda r: reverse(
        "representation:lawyer_choices",
        query={"among": "mandate", "name": "rep-lawyer", "rep-lawyer-search": "lawyer"},
    ),
    "representation:civil_parties_to_group": lambda r: reverse(
        "representation:civil_parties_to_group"
    ),
    "representation:my_clients": lambda r: reverse("representation:my_clients"),
    "representation:client_note_add": lambda r: reverse(
        "representation:client_note_add", args=[r.world.application.pk]
    ),
    "representation:group_cases": lambda r: reverse("representation:group_cases"),
    "representation:group_list": _by_case("representation:group_list"),
    "representation:group_create": _by_case("representation:group_create"),
    "representation:grouping_tool": _by_case("representation:grouping_tool"),
    "representation:grouping_confirm": _by_case("representation:grouping_confirm"),
    "representation:consolidated": _by_case("representation:consolidated"),
    "representation:group_detail": lambda r: reverse(
        "representation:group_detail", args=[r.group.pk]
    ),
    "representation:group_edit": lambda r: reverse("representation:group_edit", args=[r.group.pk]),
    "representation:group_archive": lambda r: reverse(
        "representation:group_archive", args=[r.group.pk]
    ),
}

NOBODY = dict.fromkeys(PERSONAS, 403)
# The Section's staff read lawyers, mandates and groups; the auditor, intermediaries,
# partners and lawyers do not (a lawyer reads their own caseload and clients).
READERS = {**NOBODY, **dict.fromkeys(STAFF, 200)}
# Legal officers and the Chief keep the list of lawyers and give mandates and groups.
MANAGE = {**NOBODY, "chief": 200, "legal": 200}

GET_MATRIX = AccessMatrix(
    {
        "representation:lawyer_list": READERS,
        "representation:lawyer_create": MANAGE,
        "representation:lawyer_detail": READERS,
        "representation:lawyer_edit": MANAGE,
        # The lawyer persona's own caseload; to another lawyer, even a Lead Co-Lawyer,
        # it is out of sight.
        "representation:lawyer_caseload": {**READERS, "lawyer": 200, "lead_co_lawyer": 404},
        # Reparations and outreach read lawyers but never open the documents.
        "representation:lawyer_document_download": {
            **READERS,
            "reparations": 403,
            "outreach": 403,
        },
        "representation:case_leads": READERS,
        # As a supporting document: the client's own lawyer opens it; the Lead Co-Lawyer
        # reads the client's file, but not the power the client gave their lawyers.
        "representation:power_of_attorney_download": {
            **READERS,
            "reparations": 403,
            "outreach": 403,
            "intermediary": 404,
            "lawyer": 200,
            "lead_co_lawyer": 404,
        },
        "representation:without_lawyer": MANAGE,
        # The chooser of lawyers on an application's page: for those who give them.
        "representation:lawyer_choices": MANAGE,
        "representation:my_clients": {**NOBODY, "lawyer": 200, "lead_co_lawyer": 200},
        "representation:group_cases": READERS,
        "representation:group_list": READERS,
        "representation:group_create": MANAGE,
        "representation:grouping_tool": MANAGE,
        # The Lead Co-Lawyer of Case 002/02 reads its consolidated group; a lawyer does
        # not know it exists.
        "representation:consolidated": {**READERS, "lawyer": 404, "lead_co_lawyer": 200},
        "representation:group_detail": READERS,
        "representation:group_edit": MANAGE,
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, records) -> None:
    assert answers(request, GET_MATRIX, lambda row: URLS[row](records)) == GET_MATRIX


# A protected Civil Party's power of attorney names them and bears their thumbprint: the
# staff who see only the pseudonym, and the Lead Co-Lawyer who is not the person's lawyer,
# are refused it (403); the intermediary still does not know the application (404).
PROTECTED_POWER_MATRIX = AccessMatrix(
    {
        "representation:power_of_attorney_download (protected)": {
            **GET_MATRIX["representation:power_of_attorney_download"],
            "intake": 403,
            "lead_co_lawyer": 403,
        }
    }
)


def test_a_protected_persons_power_of_attorney_opens_only_to_who_may_see_the_identity(
    request, records
) -> None:
    Person.objects.filter(pk=records.world.application.applicant_id).update(
        is_protected=True, pseudonym="Civil Party TCW-10"
    )
    url = URLS["representation:power_of_attorney_download"](records)
    assert answers(request, PROTECTED_POWER_MATRIX, lambda row: url) == PROTECTED_POWER_MATRIX


@pytest.mark.parametrize("who", ["intake", "lead_co_lawyer"])
def test_a_protected_persons_power_of_attorney_is_not_offered_without_the_identity(
    request, records, who
) -> None:
    application = records.world.application
    Person.objects.filter(pk=application.applicant_id).update(
        is_protected=True, pseudonym="Civil Party TCW-10"
    )
    url = URLS["representation:power_of_attorney_download"](records)
    page = signed_in(request, who).get(reverse("applications:detail", args=[application.pk]))
    assert page.status_code == 200
    assert url not in page.text
    page = signed_in(request, "legal").get(reverse("applications:detail", args=[application.pk]))
    assert url in page.text


# Each change is posted empty, so that no attempt changes what the next one meets: those
# allowed get their form back with what is missing (400), everyone else is refused first.
CHANGE = {**NOBODY, "chief": 400, "legal": 400}
POST_MATRIX = AccessMatrix(
    {
        "representation:lawyer_create": CHANGE,
        "representation:lawyer_edit": CHANGE,
        "representation:lawyer_decide": CHANGE,
        "representation:lawyer_document_upload": CHANGE,
        "representation:lawyer_link_account": CHANGE,
        "representation:lead_appoint": CHANGE,
        "representation:lead_end": CHANGE,
        # Not the Lead Co-Lawyer either, though both applications are in the consolidated
        # group of their case.
        "representation:representation_add": CHANGE,
        "representation:representation_end": CHANGE,
        # Not the client's own lawyer: the VSS files the mandate's papers.
        "representation:power_of_attorney_attach": CHANGE,
        "representation:conflict_declare": CHANGE,
        # Back to the lawyer's page, which tells what was missing.
        "representation:conflict_lift": {**NOBODY, "chief": 302, "legal": 302},
        # Staff who work on applications and the client's own lawyer write notes; the
        # file is out of an intermediary's sight when another organisation entered it.
        "representation:client_note_add": {
            **CHANGE,
            "intake": 400,
            "intermediary": 404,
            "lawyer": 400,
        },
        "representation:group_create": CHANGE,
        "representation:grouping_confirm": CHANGE,
        "representation:group_edit": CHANGE,
        "representation:group_archive": CHANGE,
        # Back to the list, which tells that nobody was ticked.
        "representation:civil_parties_to_group": {**NOBODY, "chief": 302, "legal": 302},
    }
)


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, records) -> None:
    met = answers(request, POST_MATRIX, lambda row: URLS[row](records), method="post")
    assert met == POST_MATRIX
    world, group = records.world, records.group
    assert list(Representation.objects.all()) == [world.mandate]
    world.mandate.refresh_from_db()
    assert world.mandate.ended_on is None
    assert list(ConflictOfInterest.objects.all()) == [records.conflict]
    records.conflict.refresh_from_db()
    assert records.conflict.lifted_by is None
    group.refresh_from_db()
    assert group.name == "Team Keo" and group.archived_at is None
    assert CivilPartyGroup.objects.count() == 1
    assert not GroupMembership.objects.exists()
    assert not ClientNote.objects.exists()


def test_a_lead_co_lawyer_changes_no_mandate_in_the_case_they_lead(client, world, lead_co_lawyer):
    """Both applications are in the consolidated group the Lead Co-Lawyer reads."""
    client.force_login(lead_co_lawyer)
    data = {
        "rep-lawyer": lead_co_lawyer.lawyer.pk,
        "rep-started_on": "2024-05-02",
        f"end-{world.mandate.pk}-ended_on": "2024-05-02",
        f"end-{world.mandate.pk}-reason": "Taken over",
        "conflict-lawyer": world.lawyer.pk,
        "conflict-description": "Cousin",
    }
    for key in ("representation_add", "representation_end", "conflict_declare"):
        assert client.post(POST_URLS[key](world), data).status_code == 403, key
    assert client.get(reverse("applications:detail", args=[world.orphan.pk])).status_code == 200
    assert list(Representation.objects.all()) == [world.mandate]
    own = reverse("representation:lawyer_caseload", args=[lead_co_lawyer.lawyer.pk])
    assert client.get(own).status_code == 200
    other = reverse("representation:lawyer_caseload", args=[world.lawyer.pk])
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("name", MANAGERS)
def test_the_rule_23ter_list_holds_the_civil_parties_without_a_lawyer(request, world, name):
    page = signed_in(request, name).get(reverse("representation:without_lawyer"))
    assert [a.pk for a in page.context["page"].object_list] == [world.orphan.pk]


def test_gets_on_changes_are_refused(chief, world) -> None:
    client = Client()
    client.force_login(chief)
    lift = reverse("representation:conflict_lift", args=[1])
    for key, url in {**POST_URLS, "conflict_lift": lambda w: lift}.items():
        assert client.get(url(world)).status_code == 405, key


def test_changes_without_the_csrf_token_are_refused(chief, world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    answers = {key: client.post(url(world), {}).status_code for key, url in POST_URLS.items()}
    assert answers == dict.fromkeys(POST_URLS, 403)
    assert Representation.objects.count() == 1


def test_a_change_with_the_token_from_the_page_is_accepted(chief, world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    client.get(reverse("applications:detail", args=[world.orphan.pk]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("representation:representation_add", args=[world.orphan.pk]),
        {
            "rep-lawyer": world.lawyer.pk,
            "rep-started_on": "2024-05-02",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Representation.objects.filter(application=world.orphan, lawyer=world.lawyer).exists()


# --- caseloads --------------------------------------------------------------------------------


def test_a_lawyer_sees_their_own_caseload_and_not_anothers(client, world, lawyer, other_lawyer):
    client.force_login(lawyer)
    own = client.get(reverse("representation:lawyer_caseload", args=[lawyer.lawyer.pk]))
    assert own.status_code == 200
    assert own.context["caseload"].total == 1
    other = reverse("representation:lawyer_caseload", args=[other_lawyer.lawyer.pk])
    assert client.get(other).status_code == 404
    client.force_login(other_lawyer)
    assert client.get(other).status_code == 200


# --- what the pages do ------------------------------------------------------------------------


def test_a_lawyer_applies_and_is_recognised_through_the_pages(client, legal) -> None:
    client.force_login(legal)
    fields = {
        "family_name": "KONG",
        "given_name": "Sam Onn",
        "kind": "national",
        "bar": "BAKC",
        "bar_number": "0042",
        "languages": "Khmer",
        "applied_on": "2009-01-05",
    }
    response = client.post(reverse("representation:lawyer_create"), fields)
    lawyer = Lawyer.objects.get(bar_number="0042")
    assert response.status_code == 302 and lawyer.status == LawyerStatus.APPLIED

    duplicate = client.post(reverse("representation:lawyer_create"), fields)
    assert duplicate.status_code == 400
    assert duplicate.context["form"]["family_name"].value() == "KONG"

    url = reverse("representation:lawyer_decide", args=[lawyer.pk])
    refused = client.post(url, {"to_status": "refused", "reason": ""})
    assert refused.status_code == 400
    assert "Give the reason" in refused.content.decode()
    assert client.post(url, {"to_status": "recognised"}).status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.status == LawyerStatus.RECOGNISED
    page = client.get(reverse("representation:lawyer_detail", args=[lawyer.pk]))
    assert "On the list" in page.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="representation.lawyer", object_id=str(lawyer.pk)
    ).exists()


def test_an_upload_is_judged_by_its_content_and_the_download_audited(client, legal, world):
    client.force_login(legal)
    url = reverse("representation:lawyer_document_upload", args=[world.lawyer.pk])
    bad = client.post(url, {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00")})
    assert bad.status_code == 400
    good = client.post(url, {"kind": "bar_certificate", "file": SimpleUploadedFile("c.pdf", PDF)})
    assert good.status_code == 302
    document = LawyerDocument.objects.get(kind="bar_certificate")
    response = client.get(reverse("representation:lawyer_document_download", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_id=str(document.pk)
    ).exists()


def test_the_application_page_shows_and_manages_representation(client, legal, chief, world):
    client.force_login(legal)
    page = client.get(reverse("applications:detail", args=[world.orphan.pk])).content.decode()
    assert "Legal representation" in page and "Rule 23ter" in page
    conflict_declare(
        actor=legal, lawyer=world.lawyer, person=world.orphan.applicant, description="Cousin"
    )
    url = reverse("representation:representation_add", args=[world.orphan.pk])
    data = {"rep-lawyer": world.lawyer.pk, "rep-started_on": "2024-05-02"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Only the Chief of Section" in refused.content.decode()
    assert refused.context["representation"].add_form["started_on"].value() == "2024-05-02"

    client.force_login(chief)
    page = client.get(reverse("applications:detail", args=[world.orphan.pk])).content.decode()
    assert "Reason for overriding" in page
    accepted = client.post(url, {**data, "rep-override_reason": "Client informed and insists"})
    assert accepted.status_code == 302
    assert Representation.objects.get(application=world.orphan).conflict_override_reason


def test_a_lawyer_reads_their_clients_representation_but_cannot_manage_it(client, world, lawyer):
    client.force_login(lawyer)
    page = client.get(reverse("applications:detail", args=[world.application.pk]))
    assert page.status_code == 200
    panel = page.context["representation"]
    assert panel is not None and not panel.can_manage
    assert "Add a lawyer" not in page.content.decode()


def test_the_application_page_draws_the_lawyers_then_the_notes(client, world, lawyer):
    client.force_login(lawyer)
    page = client.get(reverse("applications:detail", args=[world.application.pk]))
    body = page.content.decode()
    assert list(page.context["panels"]) == ["representation", "client_notes"]
    assert body.index('id="representation"') < body.index('id="client-notes"')


def test_intermediaries_do_not_see_the_representation_part(client, intermediary) -> None:
    from vss.testing.factories import VifFactory

    application = ApplicationFactory.create(
        form=VifFactory.create(entered_by_organisation=intermediary.organisation)
    )
    client.force_login(intermediary)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.status_code == 200 and "representation" not in page.context
    assert 'id="representation"' not in page.content.decode()


def test_ending_a_mandate_and_lifting_a_conflict(client, legal, world) -> None:
    client.force_login(legal)
    url = reverse("representation:representation_end", args=[world.mandate.pk])
    early = client.post(
        url,
        {
            f"end-{world.mandate.pk}-ended_on": "2001-01-01",
            f"end-{world.mandate.pk}-reason": "Gone",
        },
    )
    assert early.status_code == 400
    page = early.content.decode()
    assert "The mandate cannot end before it started." in page and "Gone</textarea>" in page
    response = client.post(
        url,
        {
            f"end-{world.mandate.pk}-ended_on": "2024-05-02",
            f"end-{world.mandate.pk}-reason": "Gone",
        },
    )
    assert response.status_code == 302
    world.mandate.refresh_from_db()
    assert world.mandate.ended_on == datetime.date(2024, 5, 2)

    conflict = conflict_declare(
        actor=legal, lawyer=world.lawyer, person=world.orphan.applicant, description="Cousin"
    )
    lift = reverse("representation:conflict_lift", args=[conflict.pk])
    response = client.post(
        lift, {"application": world.orphan.pk, f"lift-{conflict.pk}-reason": "Not a cousin"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[world.orphan.pk])
    conflict.refresh_from_db()
    assert conflict.lift_reason == "Not a cousin"


def test_lead_co_lawyers_through_the_pages(client, legal, world) -> None:
    client.force_login(legal)
    appoint = reverse("representation:lead_appoint", args=[world.case.pk])
    taken = client.post(
        appoint,
        {
            "seat": "international",
            "lawyer": LawyerFactory.create(kind="international").pk,
            "appointed_on": "2024-05-02",
        },
    )
    assert taken.status_code == 400 and "already has a Lead Co-Lawyer" in taken.content.decode()
    mismatch = client.post(
        appoint, {"seat": "national", "lawyer": world.lead.lawyer.pk, "appointed_on": "2024-05-02"}
    )
    assert mismatch.status_code == 400
    ok = client.post(
        appoint, {"seat": "national", "lawyer": world.lawyer.pk, "appointed_on": "2024-05-02"}
    )
    assert ok.status_code == 302
    ended = client.post(
        reverse("representation:lead_end", args=[world.lead.pk]),
        {"end-ended_on": "2024-05-02", "end-reason": "Resigned"},
    )
    assert ended.status_code == 302
    cases = client.get(reverse("proceedings:case_list")).content.decode()
    assert str(world.lawyer) in cases and str(world.lead.lawyer) not in cases


def test_navigation_links(client, legal, intake, lawyer) -> None:
    client.force_login(legal)
    page = client.get(reverse("representation:lawyer_list")).content.decode()
    assert reverse("representation:without_lawyer") in page
    client.force_login(intake)
    page = client.get(reverse("representation:lawyer_list")).content.decode()
    assert reverse("representation:without_lawyer") not in page
    client.force_login(lawyer)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("representation:lawyer_caseload", args=[lawyer.lawyer.pk]) in page


# --- query counts -----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_pages_cost_the_same_whatever_their_length(client, legal, world) -> None:
    client.force_login(legal)
    urls = [
        reverse("representation:lawyer_list"),
        reverse("representation:without_lawyer"),
        reverse("representation:lawyer_caseload", args=[world.lawyer.pk]),
        reverse("proceedings:case_list"),
    ]
    # Counted once: the first look at the cases page would ask for the kept figures' count.
    counting_now(user=None)
    before = [_queries(client, url) for url in urls]
    for n in range(6):
        other = LawyerFactory.create()
        ApplicationFactory.create(case=world.case, status=Status.ADMITTED)
        RepresentationFactory.create(lawyer=world.lawyer, application__case=world.case)
        RepresentationFactory.create(lawyer=other)
        LeadCoLawyerFactory.create(case=CaseFactory.create(number=f"00{n}"), lawyer=other)
    assert [_queries(client, url) for url in urls] == before


def test_conflicts_are_listed_on_the_lawyers_page(client, legal, world) -> None:
    conflict_declare(
        actor=legal, lawyer=world.lawyer, person=world.orphan.applicant, description="Cousin"
    )
    client.force_login(legal)
    page = client.get(reverse("representation:lawyer_detail", args=[world.lawyer.pk]))
    assert "Cousin" in page.content.decode()
    assert ConflictOfInterest.objects.count() == 1


def test_the_transition_page_explains_rule_23ter(client, legal, world) -> None:
    provisional = ApplicationFactory.create(case=world.case, status=Status.PROVISIONAL)
    client.force_login(legal)
    response = client.post(
        reverse("applications:transition", args=[provisional.pk]),
        {"to_status": Status.ADMITTED, "decided_on": "2024-05-02", "version": provisional.version},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rule 23ter" in page and "Add a lawyer from the list" in page
    provisional.refresh_from_db()
    assert provisional.status == Status.PROVISIONAL


def test_a_lawyers_record_is_edited_and_the_change_audited(client, legal, world) -> None:
    client.force_login(legal)
    url = reverse("representation:lawyer_edit", args=[world.lawyer.pk])
    initial = client.get(url).context["form"].initial
    response = client.post(
        url, {**initial, "languages": "Khmer, French", "applied_on": "2009-03-01"}
    )
    assert response.status_code == 302
    world.lawyer.refresh_from_db()
    assert world.lawyer.languages == "Khmer, French"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(world.lawyer.pk))
    assert entry.changes["languages"]["new"] == "Khmer, French"


def test_suspending_a_lawyer_with_clients_warns_and_lists_them_without_a_lawyer(
    client, legal, world
) -> None:
    client.force_login(legal)
    response = client.post(
        reverse("representation:lawyer_decide", args=[world.lawyer.pk]),
        {"to_status": "suspended", "reason": "Disciplinary proceedings"},
        follow=True,
    )
    assert "1 current client: they now count as without" in response.content.decode()
    listed = client.get(reverse("representation:without_lawyer")).context["page"].object_list
    assert {a.pk for a in listed} == {world.orphan.pk, world.application.pk}


def test_a_conflict_is_lifted_from_the_lawyers_page(client, legal, world) -> None:
    conflict = conflict_declare(
        actor=legal, lawyer=world.lawyer, person=world.orphan.applicant, description="Cousin"
    )
    client.force_login(legal)
    page = client.get(reverse("representation:lawyer_detail", args=[world.lawyer.pk]))
    assert "Lift this conflict" in page.content.decode()
    response = client.post(
        reverse("representation:conflict_lift", args=[conflict.pk]),
        {f"lift-{conflict.pk}-reason": "Declared in error"},
    )
    assert response["Location"] == reverse("representation:lawyer_detail", args=[world.lawyer.pk])
    conflict.refresh_from_db()
    assert conflict.lifted_by == legal
