"""The writes of a project's own record: its creation and edits (reference, titles in three
languages, cases, groups, officer, stale edits), its partners, its documents and the Lead
Co-Lawyers' requests in the claim; who may make each, and the audit entry each writes.
And the work queues that follow from them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import OrganisationKind, Role
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.reparations.models import (
    Category,
    ClaimRequest,
    Evaluation,
    Project,
    ProjectDocumentKind,
    ProjectStatus,
    Track,
)
from vss.reparations.selectors.projects import (
    projects_awaiting_approval,
    projects_awaiting_officer,
)
from vss.reparations.services import claims
from vss.reparations.services import projects as services
from vss.reparations.services.projects import PartnerData, ProjectData, ProjectUpload
from vss.representation.models import LawyerKind
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.factories import (
    BudgetLineFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ClaimRequestFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    OrganisationFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _data(officer, cases, **fields) -> ProjectData:
    values = {
        "title_km": "ការតាំងពិព័រណ៍ចល័តអំពីការជម្លៀស",
        "title_en": "Mobile exhibition on forced transfer",
        "title_fr": "Exposition itinérante sur les déplacements forcés",
        "category": Category.DOCUMENTATION,
        "cases": cases,
        "officer": officer,
        **fields,
    }
    return ProjectData(**values)


def _entries(obj, action=AuditAction.CREATE) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
        )
    )


# --- creation ----------------------------------------------------------------------------


def test_a_project_is_referenced_by_its_first_case_and_a_running_number(reparations):
    first = CaseFactory.create(number="002/01")
    second = CaseFactory.create(number="002/02")
    one = services.project_create(user=reparations, data=_data(reparations, [second, first]))
    two = services.project_create(user=reparations, data=_data(reparations, [first]))
    other = services.project_create(user=reparations, data=_data(reparations, [second]))
    assert [one.reference, two.reference, other.reference] == [
        "REP-002/01-001",
        "REP-002/01-002",
        "REP-002/02-001",
    ]
    assert set(one.cases.all()) == {first, second}


def test_the_running_number_follows_the_highest_taken(reparations):
    case = CaseFactory.create(number="002/01")
    ProjectFactory.create(reference="REP-002/01-011", cases=[case])
    project = services.project_create(user=reparations, data=_data(reparations, [case]))
    assert project.reference == "REP-002/01-012"


def test_creation_is_audited_with_its_values(reparations):
    case = CaseFactory.create()
    group = CivilPartyGroupFactory.create(case=case)
    project = services.project_create(
        user=reparations, data=_data(reparations, [case], groups_served=[group])
    )
    (entry,) = _entries(project)
    assert entry.object_label == project.reference
    assert entry.changes["title_fr"]["new"] == project.title_fr
    assert entry.changes["cases"]["new"] == [case.pk]
    assert entry.changes["groups_served"]["new"] == [group.pk]
    assert entry.changes["officer"]["new"] == reparations.pk


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.CHIEF, Role.REPARATIONS)])
def test_only_those_who_run_the_programme_create_projects(role):
    organisation = OrganisationFactory.create(name=f"Organisation of the {role}")
    user = UserFactory.create(username=f"u-{role}", role=role, organisation=organisation)
    officer = UserFactory.create(username="officer", role=Role.REPARATIONS)
    with pytest.raises(PermissionDenied):
        services.project_create(user=user, data=_data(officer, [CaseFactory.create()]))
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_fr": "  "}, "title_fr"),
        ({"title_km": ""}, "title_km"),
        ({"category": "memorials"}, "category"),
        ({"cases": []}, "cases"),
    ],
)
def test_a_project_without_what_it_needs_is_refused(reparations, fields, field):
    cases = fields.pop("cases", [CaseFactory.create()])
    with pytest.raises(ValidationError) as refusal:
        services.project_create(user=reparations, data=_data(reparations, cases, **fields))
    assert field in refusal.value.message_dict
    assert not Project.objects.exists()


def test_groups_served_are_groups_of_the_projects_cases(reparations):
    case, elsewhere = CaseFactory.create(number="002/02"), CaseFactory.create(number="004/02")
    stranger = CivilPartyGroupFactory.create(case=elsewhere)
    with pytest.raises(ValidationError) as refusal:
        services.project_create(
            user=reparations, data=_data(reparations, [case], groups_served=[stranger])
        )
    assert "groups_served" in refusal.value.message_dict


@pytest.mark.parametrize("role", [Role.INTAKE, Role.LEGAL, Role.OUTREACH, Role.AUDITOR])
def test_the_officer_is_a_reparations_officer_or_the_chief(reparations, role):
    other = UserFactory.create(username=f"other-{role}", role=role)
    with pytest.raises(ValidationError) as refusal:
        services.project_create(user=reparations, data=_data(other, [CaseFactory.create()]))
    assert "officer" in refusal.value.message_dict


def test_an_officer_whose_account_is_closed_cannot_be_responsible(reparations):
    closed = UserFactory.create(username="gone", role=Role.REPARATIONS, is_active=False)
    with pytest.raises(ValidationError):
        services.project_create(user=reparations, data=_data(closed, [CaseFactory.create()]))


# --- edits -------------------------------------------------------------------------------


def test_an_edit_saves_and_audits_what_changed(reparations, chief):
    case, other = CaseFactory.create(number="002/02"), CaseFactory.create(number="002/01")
    project = services.project_create(user=reparations, data=_data(reparations, [case]))
    services.project_update(
        user=reparations,
        project=project,
        data=_data(chief, [case, other], title_en="Mobile exhibition and education"),
        version=project.version,
    )
    project.refresh_from_db()
    assert project.title_en == "Mobile exhibition and education"
    assert project.officer == chief
    assert project.reference == "REP-002/02-001"  # kept, whatever the cases become
    assert project.version == 1
    (entry,) = _entries(project, AuditAction.UPDATE)
    assert entry.changes["title_en"]["old"] == "Mobile exhibition on forced transfer"
    assert entry.changes["cases"] == {"old": [case.pk], "new": sorted([case.pk, other.pk])}
    assert entry.changes["officer"] == {"old": reparations.pk, "new": chief.pk}
    assert entry.changes["version"] == {"old": 0, "new": 1}


def test_an_edit_opened_before_another_save_is_refused_and_names_what_changed(reparations):
    case = CaseFactory.create()
    project = services.project_create(user=reparations, data=_data(reparations, [case]))
    opened_at = project.version
    services.project_update(
        user=reparations,
        project=project,
        data=_data(reparations, [case], title_en="A new title"),
        version=opened_at,
    )
    with pytest.raises(StaleEdit) as stale:
        services.project_update(
            user=reparations,
            project=project,
            data=_data(reparations, [case], title_fr="Un autre titre"),
            version=opened_at,
        )
    assert ("Title (English)", "A new title") in stale.value.changed
    project.refresh_from_db()
    assert project.title_fr != "Un autre titre"


def test_the_edit_form_keeps_what_was_typed_after_a_stale_save(request, reparations):
    case = CaseFactory.create()
    project = services.project_create(user=reparations, data=_data(reparations, [case]))
    services.project_update(
        user=reparations,
        project=project,
        data=_data(reparations, [case], title_en="Saved meanwhile"),
        version=0,
    )
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_edit", args=[project.pk]),
        {
            "title_km": project.title_km,
            "title_en": "Typed on the old page",
            "title_fr": project.title_fr,
            "category": project.category,
            "cases": [case.pk],
            "officer": reparations.pk,
            "version": 0,
        },
    )
    assert response.status_code == 400
    assert "Typed on the old page" in response.content.decode()
    assert response.context["form"].data["version"] == "1"


def test_a_project_is_created_from_its_form(request, reparations):
    case = CaseFactory.create(number="002/01")
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_create"),
        {
            "title_km": "ទិវាជាតិនៃការចងចាំ",
            "title_en": "National Day of Remembrance",
            "title_fr": "Journée nationale du souvenir",
            "category": Category.REMEMBRANCE,
            "cases": [case.pk],
            "officer": reparations.pk,
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reparations:project_detail", args=[project.pk])
    assert project.reference == "REP-002/01-001"


def test_the_form_refuses_a_project_without_its_french_title(request, reparations):
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_create"),
        {
            "title_km": "ទិវាជាតិនៃការចងចាំ",
            "title_en": "National Day of Remembrance",
            "category": Category.REMEMBRANCE,
            "cases": [CaseFactory.create().pk],
            "officer": reparations.pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["title_fr"]
    assert "National Day of Remembrance" in response.content.decode()


def test_the_form_refuses_a_case_that_is_no_records_id(request, reparations):
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_create"), {"cases": ["9" * 30, "²"]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["cases"]


# --- partners ----------------------------------------------------------------------------


@pytest.fixture
def kdei_karuna():
    return OrganisationFactory.create(name="Kdei Karuna", kind=OrganisationKind.PARTNER)


def test_a_partner_joins_and_a_new_lead_takes_the_lead(reparations, kdei_karuna):
    project = ProjectFactory.create()
    former = ProjectPartnerFactory.create(project=project, is_lead=True)
    partnership = services.project_partner_add(
        user=reparations,
        project=project,
        data=PartnerData(
            organisation=kdei_karuna, is_lead=True, contact_name="Contact", contact_phone="012"
        ),
    )
    former.refresh_from_db()
    assert (partnership.is_lead, former.is_lead) == (True, False)
    (entry,) = _entries(partnership)
    assert entry.changes["organisation"]["new"] == kdei_karuna.pk
    assert entry.changes["contact_phone"]["new"] == "012"
    (lead_lost,) = _entries(former, AuditAction.UPDATE)
    assert lead_lost.changes["is_lead"] == {"old": True, "new": False}


def test_only_a_partner_organisation_implements_and_only_once(reparations, kdei_karuna):
    project = ProjectFactory.create()
    intermediary = OrganisationFactory.create(name="ADHOC")
    with pytest.raises(ValidationError):
        services.project_partner_add(
            user=reparations, project=project, data=PartnerData(organisation=intermediary)
        )
    services.project_partner_add(
        user=reparations, project=project, data=PartnerData(organisation=kdei_karuna)
    )
    with pytest.raises(ValidationError):
        services.project_partner_add(
            user=reparations, project=project, data=PartnerData(organisation=kdei_karuna)
        )


def test_a_partnership_ends_with_a_reason_and_stays_on_record(reparations, kdei_karuna):
    partnership = ProjectPartnerFactory.create(organisation=kdei_karuna)
    with pytest.raises(ValidationError):
        services.project_partner_end(user=reparations, partnership=partnership, reason=" ")
    services.project_partner_end(user=reparations, partnership=partnership, reason="Merged")
    partnership.refresh_from_db()
    assert (partnership.ended_by, partnership.end_reason) == (reparations, "Merged")
    with pytest.raises(ValidationError):
        services.project_partner_end(user=reparations, partnership=partnership, reason="Again")
    # The organisation may join the project again.
    services.project_partner_add(
        user=reparations, project=partnership.project, data=PartnerData(organisation=kdei_karuna)
    )
    assert partnership.project.partnerships.count() == 2


@pytest.mark.parametrize("persona", ["intake", "outreach", "partner", "lead_co_lawyer"])
def test_partners_are_managed_by_those_who_run_the_programme(request, kdei_karuna, persona):
    user = request.getfixturevalue(persona)
    partnership = ProjectPartnerFactory.create(organisation=kdei_karuna)
    with pytest.raises(PermissionDenied):
        services.project_partner_add(
            user=user,
            project=partnership.project,
            data=PartnerData(organisation=OrganisationFactory.create(name="Youth for Peace")),
        )
    with pytest.raises(PermissionDenied):
        services.project_partner_end(user=user, partnership=partnership, reason="No")


def test_a_partner_is_added_from_its_form(request, reparations, kdei_karuna):
    project = ProjectFactory.create()
    response = signed_in(request, "reparations").post(
        reverse("reparations:partner_add", args=[project.pk]),
        {"organisation": kdei_karuna.pk, "is_lead": "on", "contact_email": "not an email"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["contact_email"]
    response = signed_in(request, "reparations").post(
        reverse("reparations:partner_add", args=[project.pk]),
        {"organisation": kdei_karuna.pk, "is_lead": "on", "contact_email": "kk@example.org"},
    )
    assert response.status_code == 302
    assert project.partnerships.get().contact_email == "kk@example.org"


# --- documents ---------------------------------------------------------------------------


def _pdf() -> ProjectUpload:
    upload = SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")
    return ProjectUpload(ProjectDocumentKind.BUDGET, upload, check_upload(upload))


def test_a_document_is_stored_under_its_digest_and_audited(reparations):
    project = ProjectFactory.create()
    document = services.project_document_add(user=reparations, project=project, upload=_pdf())
    assert document.original_name == "budget.pdf"
    stored = document.file.name.rsplit("/", 1)[-1]
    assert stored.startswith(document.sha256[:16]) and stored.endswith(".pdf")
    assert "budget" not in stored
    (entry,) = _entries(document)
    assert entry.changes["kind"]["new"] == ProjectDocumentKind.BUDGET


@pytest.mark.parametrize("persona", ["intake", "partner", "donor", "lead_co_lawyer"])
def test_documents_are_added_by_those_who_run_the_programme(request, persona):
    with pytest.raises(PermissionDenied):
        services.project_document_add(
            user=request.getfixturevalue(persona), project=ProjectFactory.create(), upload=_pdf()
        )


@pytest.mark.parametrize(("persona", "status"), [("chief", 200), ("lead_co_lawyer", 200)])
def test_a_document_is_downloaded_by_staff_and_lawyers_and_the_download_audited(
    request, reparations, persona, status
):
    project = ProjectFactory.create()
    document = services.project_document_add(user=reparations, project=project, upload=_pdf())
    response = signed_in(request, persona).get(
        reverse("reparations:document_download", args=[document.pk])
    )
    assert response.status_code == status
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    downloads = _entries(document, AuditAction.DOWNLOAD)
    assert [entry.actor_username for entry in downloads] == [
        request.getfixturevalue(persona).username
    ]


def test_a_document_is_added_from_its_form_judged_by_its_content(request, reparations):
    project = ProjectFactory.create()
    url = reverse("reparations:document_add", args=[project.pk])
    client = signed_in(request, "reparations")
    refused = client.post(
        url,
        {"kind": ProjectDocumentKind.OTHER, "file": SimpleUploadedFile("a.pdf", b"not a pdf")},
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["file"]
    accepted = client.post(
        url, {"kind": ProjectDocumentKind.BUDGET, "file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert accepted.status_code == 302
    assert project.documents.get().kind == ProjectDocumentKind.BUDGET


# --- requests in the claim ---------------------------------------------------------------


@pytest.fixture
def requestable(lead_co_lawyer):
    """A project of Case 002/02, which the Lead Co-Lawyer persona leads."""
    return ProjectFactory.create(status=ProjectStatus.FUNDRAISING)


def test_a_lead_co_lawyer_requests_a_project_of_a_case_they_lead(lead_co_lawyer, requestable):
    case = requestable.cases.get()
    request = claims.claim_request_mark(
        user=lead_co_lawyer, project=requestable, case=case, note="Asked at the forum"
    )
    assert (request.lawyer, request.case, request.marked_by) == (
        lead_co_lawyer.lawyer,
        case,
        lead_co_lawyer,
    )
    (entry,) = _entries(request)
    assert entry.changes["case"]["new"] == case.pk
    assert entry.object_label == requestable.reference
    with pytest.raises(ValidationError, match="already requested"):
        claims.claim_request_mark(user=lead_co_lawyer, project=requestable, case=case)


def test_no_request_for_a_case_the_lawyer_does_not_lead(lead_co_lawyer):
    theirs, other = CaseFactory.create(number="002/02"), CaseFactory.create(number="002/01")
    project = ProjectFactory.create(cases=[theirs, other])
    with pytest.raises(ValidationError) as refusal:
        claims.claim_request_mark(user=lead_co_lawyer, project=project, case=other)
    assert "case" in refusal.value.message_dict


@pytest.mark.parametrize("persona", ["lawyer", "chief", "reparations", "partner", "donor"])
def test_only_a_lead_co_lawyer_of_its_case_requests_a_project(request, requestable, persona):
    with pytest.raises(PermissionDenied):
        claims.claim_request_mark(
            user=request.getfixturevalue(persona),
            project=requestable,
            case=requestable.cases.get(),
        )


@pytest.mark.parametrize(
    ("status", "track"),
    [
        (ProjectStatus.REQUESTED, Track.JUDICIAL),
        (ProjectStatus.ENDORSED, Track.JUDICIAL),
        (ProjectStatus.NON_JUDICIAL, Track.NON_JUDICIAL),
    ],
)
def test_no_request_once_the_project_is_in_the_claim_or_beside_the_trial(
    lead_co_lawyer, status, track
):
    project = ProjectFactory.create(status=status, track=track)
    with pytest.raises(ValidationError):
        claims.claim_request_mark(user=lead_co_lawyer, project=project, case=project.cases.get())


def test_a_request_is_withdrawn_by_its_lawyer_with_a_reason(
    request, lead_co_lawyer, chief, requestable
):
    claim = claims.claim_request_mark(
        user=lead_co_lawyer, project=requestable, case=requestable.cases.get()
    )
    with pytest.raises(PermissionDenied):
        claims.claim_request_withdraw(user=chief, request=claim, reason="Not theirs")
    with pytest.raises(ValidationError):
        claims.claim_request_withdraw(user=lead_co_lawyer, request=claim, reason="")
    claims.claim_request_withdraw(user=lead_co_lawyer, request=claim, reason="Another project")
    claim.refresh_from_db()
    assert (claim.withdrawn_by, claim.withdrawal_reason) == (lead_co_lawyer, "Another project")
    (entry,) = _entries(claim, AuditAction.UPDATE)
    assert entry.changes["withdrawal_reason"]["new"] == "Another project"
    with pytest.raises(ValidationError, match="already been withdrawn"):
        claims.claim_request_withdraw(user=lead_co_lawyer, request=claim, reason="Again")


def test_another_lead_co_lawyer_does_not_withdraw_a_colleagues_request(lead_co_lawyer, requestable):
    case = requestable.cases.get()
    international = LawyerFactory.create(kind=LawyerKind.INTERNATIONAL)
    LeadCoLawyerFactory.create(case=case, lawyer=international)
    colleague = ClaimRequestFactory.create(project=requestable, case=case, lawyer=international)
    with pytest.raises(PermissionDenied):
        claims.claim_request_withdraw(user=lead_co_lawyer, request=colleague, reason="No")


def test_a_request_is_made_and_withdrawn_from_the_projects_page(
    request, lead_co_lawyer, requestable
):
    client = signed_in(request, "lead_co_lawyer")
    page = client.get(reverse("reparations:project_detail", args=[requestable.pk]))
    assert reverse("reparations:claim_request_add", args=[requestable.pk]) in page.content.decode()
    response = client.post(
        reverse("reparations:claim_request_add", args=[requestable.pk]),
        {"case": requestable.cases.get().pk, "note": "The Civil Parties asked for it"},
    )
    assert response.status_code == 302
    claim = ClaimRequest.objects.get()
    response = client.post(
        reverse("reparations:claim_request_withdraw", args=[claim.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("reparations:claim_request_withdraw", args=[claim.pk]), {"reason": "Merged"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.withdrawn_at is not None


# --- work queues -------------------------------------------------------------------------


def test_the_chiefs_queue_holds_the_projects_requested_not_yet_in_the_claim(chief):
    requested = ProjectFactory.create(status=ProjectStatus.FUNDED)
    ClaimRequestFactory.create(project=requested)
    withdrawn = ProjectFactory.create(status=ProjectStatus.FUNDED)
    ClaimRequestFactory.create(project=withdrawn, withdrawn_at=timezone.now())
    in_the_claim = ProjectFactory.create(status=ProjectStatus.REQUESTED)
    ClaimRequestFactory.create(project=in_the_claim)
    assert projects_awaiting_approval(chief) == [requested]


def test_the_chiefs_queue_is_the_chiefs(reparations):
    project = ProjectFactory.create(status=ProjectStatus.FUNDED)
    ClaimRequestFactory.create(project=project)
    assert projects_awaiting_approval(reparations) == []


def test_the_officers_queue_holds_their_projects_whose_next_move_is_theirs(reparations):
    def project(status: str, officer=reparations) -> Project:
        return ProjectFactory.create(status=status, officer=officer)

    to_record = project(ProjectStatus.REQUESTED)
    to_sign = project(ProjectStatus.ENDORSED)
    evaluated = project(ProjectStatus.COMPLETED)
    Evaluation.objects.create(
        project=evaluated,
        evaluated_on=TODAY,
        evaluator="An evaluator",
        summary="Done",
        language="en",
        recorded_by=reparations,
    )
    funded_in_full = project(ProjectStatus.FUNDRAISING)
    BudgetLineFactory.create(project=funded_in_full, amount_usd=Decimal("100.00"))
    PledgeFactory.create(project=funded_in_full, amount=Decimal("100.00"))
    still_short = project(ProjectStatus.FUNDRAISING)
    BudgetLineFactory.create(project=still_short, amount_usd=Decimal("100.00"))
    project(ProjectStatus.COMPLETED)  # no evaluation yet
    project(ProjectStatus.IDEA)
    project(ProjectStatus.EVALUATED)
    project(ProjectStatus.REQUESTED, officer=UserFactory.create(username="x", role=Role.CHIEF))
    assert set(projects_awaiting_officer(reparations)) == {
        to_record,
        to_sign,
        evaluated,
        funded_in_full,
    }


def test_the_home_page_shows_the_queues(request, chief, reparations):
    project = ProjectFactory.create(status=ProjectStatus.FUNDED)
    ClaimRequestFactory.create(project=project)
    chiefs_home = signed_in(request, "chief").get(reverse("core:home")).content.decode()
    assert project.reference in chiefs_home
    mine = ProjectFactory.create(status=ProjectStatus.REQUESTED, officer=reparations)
    officers_home = signed_in(request, "reparations").get(reverse("core:home")).content.decode()
    assert mine.reference in officers_home


def test_a_lawyer_who_leads_no_case_has_no_project_to_request(lawyer):
    project = ProjectFactory.create(status=ProjectStatus.FUNDED)
    assert claims.requestable_cases(lawyer, project) == []
