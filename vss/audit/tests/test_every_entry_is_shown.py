"""Every kind of entry the services write reads, in the auditor's log, as each changed
field with its old and new value. With audit_record refusing any other shape, a service
that writes what the log cannot show fails here or in its own tests."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from vss.accounts.models import OrganisationKind, Role, User
from vss.accounts.services import user_language_set
from vss.applications import services as applications
from vss.applications.exports import APPLICATIONS_EXPORT
from vss.applications.models import (
    Channel,
    DocumentKind,
    HarmKind,
    Status,
    VictimType,
)
from vss.applications.uploads import check_upload
from vss.audit import registry
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.presentation import field_label
from vss.audit.templatetags.audit_log import audit_record
from vss.exports.models import ExportJob
from vss.exports.selectors import job_download_for_user
from vss.exports.services import export_job_request, export_jobs_expire
from vss.exports.writing import write_export_now
from vss.imports.jobs import check_now, import_now
from vss.imports.selectors import batch_report
from vss.imports.services import import_batch_confirm, import_batch_upload
from vss.matching import services as matching
from vss.outreach.tests.audit_writes import OUTREACH_WRITTEN, outreach_writes
from vss.people.models import Relationship
from vss.people.services import PersonData, kinship_link
from vss.portal.services.content import (
    TextData,
    content_revision_publish,
    content_revision_restore,
    content_revision_write,
)
from vss.portal.services.following import application_follow
from vss.portal.services.receipts import receipt_issue_on_paper
from vss.proceedings.services import case_set_key_dates
from vss.reparations.models import (
    Category,
    ProjectDocumentKind,
    ProjectStatus,
    Proposal,
    ProposalSource,
)
from vss.reparations.selectors import implementation as implementation_reads
from vss.reparations.selectors.projects import (
    ProjectFilters,
    project_list_read,
)
from vss.reparations.selectors.projects import (
    document_get_for_user as project_document_get_for_user,
)
from vss.reparations.services import (
    claims,
    consultation,
    funding,
    implementation,
    lifecycle,
    projects,
)
from vss.reparations.services.projects import ProjectData
from vss.representation import services as representation
from vss.representation.models import GroupBasis, LawyerDocumentKind, LawyerKind, LawyerStatus
from vss.support import services as support
from vss.support.models import ContactChannel, ServiceType, SessionKind
from vss.support.selectors import referral_get_for_user
from vss.tallies.services import counting_now
from vss.testing.constants import PASSWORD, PDF, PNG
from vss.testing.english import english_words
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CrimeSiteFactory,
    CrimeTypeFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ProvinceFactory,
    RepresentationFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
A = AuditAction

# What the services below write: each action on each record type, once at least.
WRITTEN = OUTREACH_WRITTEN | {
    # A count of the figures, asked for.
    (A.CREATE, "tallies.counting"),
    (A.CREATE, "portal.receipt"),
    (A.UPDATE, "portal.receipt"),
    # A text of the public site written, published, and an earlier one brought back.
    (A.CREATE, "portal.contentrevision"),
    (A.STATUS_CHANGE, "portal.contentrevision"),
    # The status read by someone not signed in, with the receipt.
    (A.VIEW, "applications.application"),
    (A.CREATE, "people.person"),
    (A.UPDATE, "people.person"),
    (A.CREATE, "people.kinship"),
    (A.CREATE, "applications.victiminformationform"),
    (A.UPDATE, "applications.victiminformationform"),
    (A.CREATE, "applications.supportingdocument"),
    (A.CREATE, "applications.application"),
    (A.STATUS_CHANGE, "applications.application"),
    (A.UPDATE, "applications.application"),
    (A.UPDATE, "proceedings.case"),
    (A.CREATE, "representation.lawyer"),
    (A.UPDATE, "representation.lawyer"),
    (A.STATUS_CHANGE, "representation.lawyer"),
    (A.CREATE, "representation.lawyerdocument"),
    (A.CREATE, "representation.leadcolawyerappointment"),
    (A.UPDATE, "representation.leadcolawyerappointment"),
    (A.CREATE, "representation.conflictofinterest"),
    (A.UPDATE, "representation.conflictofinterest"),
    (A.CREATE, "representation.representation"),
    (A.UPDATE, "representation.representation"),
    (A.CREATE, "representation.civilpartygroup"),
    (A.UPDATE, "representation.civilpartygroup"),
    (A.ARCHIVE, "representation.civilpartygroup"),
    (A.CREATE, "representation.clientnote"),
    (A.CREATE, "support.consent"),
    (A.UPDATE, "support.consent"),
    (A.CREATE, "support.referral"),
    (A.STATUS_CHANGE, "support.referral"),
    (A.VIEW, "support.referral"),
    (A.CREATE, "support.supportsession"),
    (A.CREATE, "support.healthnote"),
    (A.VIEW, "support.healthnote"),
    (A.CREATE, "support.contact"),
    (A.UPDATE, "support.contact"),
    (A.CREATE, "matching.matchrun"),
    (A.UPDATE, "matching.differentpeople"),
    (A.MERGE, "people.person"),
    (A.UNMERGE, "people.person"),
    (A.UPDATE, "accounts.user"),
    (A.LOGIN, "accounts.user"),
    (A.LOGIN_FAILED, "accounts.user"),
    (A.LOGOUT, "accounts.user"),
    (A.CREATE, "accounts.apitoken"),
    (A.ARCHIVE, "accounts.apitoken"),
    # A request of the API refused for the token it presented.
    (A.LOGIN_FAILED, "accounts.apitoken"),
    (A.CREATE, "exports.exportjob"),
    (A.EXPORT, "applications.application"),
    (A.DOWNLOAD, "exports.exportjob"),
    (A.ARCHIVE, "exports.exportjob"),
    (A.CREATE, "imports.importbatch"),
    (A.VIEW, "imports.importbatch"),
    (A.STATUS_CHANGE, "imports.importbatch"),
    (A.CREATE, "reparations.milestone"),
    (A.UPDATE, "reparations.milestone"),
    (A.ARCHIVE, "reparations.milestone"),
    (A.CREATE, "reparations.progressreport"),
    (A.CREATE, "reparations.progressattachment"),
    (A.DOWNLOAD, "reparations.progressattachment"),
    (A.ARCHIVE, "reparations.progressattachment"),
    (A.CREATE, "reparations.participation"),
    (A.VIEW, "reparations.participation"),
    (A.ARCHIVE, "reparations.participation"),
    (A.CREATE, "reparations.evaluation"),
    (A.CREATE, "reparations.projectdocument"),
    (A.CREATE, "reparations.proposalimport"),
    (A.CREATE, "reparations.proposal"),
    (A.UPDATE, "reparations.proposal"),
    (A.CREATE, "reparations.proposaltag"),
    (A.CREATE, "reparations.proposaltheme"),
    (A.UPDATE, "reparations.proposaltheme"),
    (A.CREATE, "reparations.project"),
    (A.UPDATE, "reparations.project"),
    (A.STATUS_CHANGE, "reparations.project"),
    (A.VIEW, "reparations.project"),
    (A.CREATE, "reparations.projectpartner"),
    (A.UPDATE, "reparations.projectpartner"),
    (A.DOWNLOAD, "reparations.projectdocument"),
    (A.CREATE, "reparations.claimrequest"),
    (A.UPDATE, "reparations.claimrequest"),
    (A.CREATE, "accounts.organisation"),
    (A.UPDATE, "accounts.organisation"),
    (A.CREATE, "reparations.budgetline"),
    (A.ARCHIVE, "reparations.budgetline"),
    (A.CREATE, "reparations.pledge"),
    (A.UPDATE, "reparations.pledge"),
    (A.CREATE, "reparations.payment"),
}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _person(family: str, given: str, **fields: object) -> PersonData:
    return PersonData(
        family_name_latin=family,
        given_name_latin=given,
        sex="female",
        birth_year=1950,
        village_id=VillageFactory.create().pk,
        **fields,  # type: ignore[arg-type]
    )


def _applications_and_people(intake, legal, case) -> None:
    # Numbered by the service, apart from the factories' numbers in `case`.
    intake_case = CaseFactory.create(number="003/01", investigation_closed_on=None)
    crime_type = CrimeTypeFactory.create()
    upload = _pdf("id.pdf")
    form = applications.form_create(
        actor=intake,
        applicant=_person("SOK", "Chea", aliases=[("SOKH", "Chear")]),
        content=applications.FormContent(
            form=applications.FormData(channel=Channel.IN_PERSON, received_on=TODAY),
            crimes=[applications.CrimeData(crime_type_id=crime_type.pk)],
            harms=[
                applications.HarmData(
                    kind=HarmKind.PSYCHOLOGICAL,
                    victim_type=VictimType.INDIRECT,
                    relationship=Relationship.PARENT,
                    relative=_person("SOK", "Lim"),
                )
            ],
            documents=[
                applications.DocumentData(
                    kind=DocumentKind.IDENTITY, upload=upload, checked=check_upload(upload)
                )
            ],
            requests=[applications.CaseRequest(case_id=intake_case.pk)],
        ),
    )
    applications.form_update(
        actor=intake,
        form=form,
        applicant=_person("SOK", "Cheav", aliases=[("SOKH", "Chear")], phone="012 345 678"),
        content=applications.FormContent(
            form=applications.FormData(
                channel=Channel.IN_PERSON, received_on=TODAY, account="What happened."
            ),
            crimes=[
                applications.CrimeData(
                    crime_type_id=crime_type.pk, crime_site_id=CrimeSiteFactory.create().pk
                )
            ],
        ),
    )
    application = form.applications.get()
    applications.application_transition(
        actor=intake, application=application, to_status=Status.RECEIVED
    )
    applications.application_transition(
        actor=legal, application=application, to_status=Status.SCREENED
    )
    applications.application_transition(
        actor=intake,
        application=ApplicationFactory.create(case=case, status=Status.RECEIVED),
        to_status=Status.DECEASED,
        decided_on=TODAY,
    )
    kinship_link(
        actor=intake,
        person=PersonFactory.create(),
        relative=PersonFactory.create(),
        relationship=Relationship.SIBLING,
    )
    case_set_key_dates(
        actor=legal,
        case=CaseFactory.create(number="004/01", investigation_closed_on=None),
        dates={"investigation_closed_on": TODAY - 30 * DAY, "closing_order_on": TODAY},
        is_terminated=False,
    )


def _representation(legal, chief, case) -> None:
    data = representation.LawyerData(
        family_name="KONG",
        given_name="Sam Onn",
        kind=LawyerKind.NATIONAL,
        bar="Cambodia",
        bar_number="0042",
        languages="Khmer",
        applied_on=TODAY - 10 * DAY,
    )
    lawyer = representation.lawyer_create(actor=legal, data=data)
    data.languages = "Khmer, French"
    representation.lawyer_update(actor=legal, lawyer=lawyer, data=data)
    representation.lawyer_decide(actor=legal, lawyer=lawyer, to_status=LawyerStatus.RECOGNISED)
    lawyer.refresh_from_db()
    upload = _pdf("cv.pdf")
    representation.lawyer_document_add(
        actor=legal,
        lawyer=lawyer,
        kind=LawyerDocumentKind.CV,
        upload=upload,
        checked=check_upload(upload),
    )
    account = UserFactory.create(role=Role.LAWYER)
    representation.lawyer_link_account(actor=legal, lawyer=lawyer, user=account)
    seat = representation.lead_co_lawyer_appoint(
        actor=legal, case=case, lawyer=lawyer, seat=LawyerKind.NATIONAL, appointed_on=TODAY
    )
    representation.lead_co_lawyer_end(
        actor=legal, appointment=seat, ended_on=TODAY, reason="Appointed a judge"
    )

    application = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    conflict = representation.conflict_declare(
        actor=legal, lawyer=lawyer, person=application.applicant, description="A relative"
    )
    upload = _pdf("power.pdf")
    mandate = representation.representation_add(
        actor=chief,
        application=application,
        lawyer=lawyer,
        started_on=TODAY,
        power_of_attorney=representation.PowerOfAttorney(
            upload=upload, checked=check_upload(upload)
        ),
        override_reason="The client insists",
    )
    representation.conflict_lift(actor=legal, conflict=conflict, reason="Cleared")
    representation.client_note_add(actor=account, application=application, text="Met the client")
    representation.representation_end(
        actor=legal, representation=mandate, ended_on=TODAY, reason="Client's choice"
    )
    upload = _pdf("later-power.pdf")
    representation.power_of_attorney_attach(
        actor=legal,
        representation=RepresentationFactory.create(
            application=ApplicationFactory.create(case=case, status=Status.ADMITTED)
        ),
        power_of_attorney=representation.PowerOfAttorney(
            upload=upload, checked=check_upload(upload)
        ),
    )

    group = representation.group_create(
        actor=legal, case=case, name="Team A", basis=GroupBasis.LEGAL_TEAM, legal_team="A"
    )
    representation.group_update(actor=legal, group=group, name="Team A (Phnom Penh)", lawyer=lawyer)
    representation.group_assign(
        actor=legal,
        group=group,
        lawyer=LawyerFactory.create(),
        application_ids=[ApplicationFactory.create(case=case, status=Status.ADMITTED).pk],
    )
    empty = representation.group_create(
        actor=legal, case=case, name="Team B", basis=GroupBasis.LEGAL_TEAM, legal_team="B"
    )
    representation.group_archive(actor=legal, group=empty, reason="Never used")


def _support(outreach, partner) -> None:
    person = PersonFactory.create()
    referral = support.referral_create(
        actor=outreach,
        person=person,
        partner=partner.organisation,
        service=ServiceType.COUNSELLING,
        referred_on=TODAY - 5 * DAY,
        new_consent=support.ConsentData(
            given_by="the person", given_on=TODAY - 5 * DAY, covers="counselling"
        ),
    )
    support.session_record(
        actor=partner,
        referral=referral,
        kind=SessionKind.SESSION,
        held_on=TODAY - 4 * DAY,
        attended=True,
        outcome="Spoke of the camp",
    )
    support.health_note_add(actor=partner, referral=referral, text="Sleeps badly")
    referral_get_for_user(partner, referral.pk)
    support.referral_close(
        actor=partner, referral=referral, closed_on=TODAY - 3 * DAY, reason="Completed"
    )
    support.consent_withdraw(
        actor=outreach, consent=referral.consent, withdrawn_on=TODAY - 2 * DAY, note="By phone"
    )
    contact = support.contact_record(
        actor=outreach,
        person=person,
        data=support.ContactData(
            channel=ContactChannel.VISIT,
            happened_on=TODAY,
            summary="Visited at home",
            follow_up_on=TODAY,
        ),
    )
    support.follow_up_done(actor=outreach, contact=contact)


def _matching_and_accounts(client, legal, intake) -> None:
    matching.run_request(actor=legal)
    matching.people_mark_different(
        actor=legal,
        person_a=PersonFactory.create(),
        person_b=PersonFactory.create(),
        reason="Born in different provinces",
    )
    merge = matching.persons_merge(
        actor=legal,
        survivor=PersonFactory.create(),
        merged=PersonFactory.create(),
        reason="The same ID card number",
    )
    matching.persons_unmerge(actor=legal, merge=merge, reason="Two sisters")
    user_language_set(user=intake, language="km")
    login = reverse("accounts:login")
    client.post(login, {"username": intake.username, "password": "wrong"})
    client.post(login, {"username": intake.username, "password": PASSWORD})
    client.post(reverse("accounts:logout"))


def _portal(intake, outreach) -> None:
    first = content_revision_write(
        user=outreach, page="rights", language="km", data=TextData(title="សិទ្ធិ", body="១")
    )
    content_revision_publish(user=outreach, revision=first)
    second = content_revision_write(
        user=outreach, page="rights", language="km", data=TextData(title="សិទ្ធិ", body="២")
    )
    content_revision_publish(user=outreach, revision=second)
    content_revision_restore(user=outreach, revision=first, note="The first was clearer")
    application = ApplicationFactory.create(status=Status.RECEIVED)
    receipt_issue_on_paper(actor=intake, application=application)
    issued = receipt_issue_on_paper(actor=intake, application=application)
    application_follow(
        reference=issued.receipt.reference,
        code=issued.code,
        birth_year=application.applicant.approximate_birth_year,
        ip_address="10.0.0.1",
    )


def _exports(intake) -> None:
    job = export_job_request(
        actor=intake,
        export=APPLICATIONS_EXPORT,
        export_format="xlsx",
        query=QueryDict("status=received"),
        total=0,
    )
    write_export_now(job.pk)  # the test's transaction is never committed: the worker's part
    job_download_for_user(intake, job.pk)
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - 2 * DAY)
    export_jobs_expire()
    counting_now(user=intake)


def _imports(intake) -> None:
    """A file uploaded, checked, its report read, its import asked for and written."""
    CrimeTypeFactory.create(code="cah-murder")
    header = "family_name_km,given_name_km,family_name_latin,given_name_latin,case,channel,crimes"
    line = "សុខ,ជា,SOK,Chea,002/02,in_person,cah-murder"
    upload = SimpleUploadedFile("legacy.csv", f"{header}\r\n{line}\r\n".encode())
    batch = import_batch_upload(actor=intake, upload=upload)
    check_now(batch.pk)  # the test's transaction is never committed: the worker's part
    batch.refresh_from_db()
    batch_report(intake, batch)
    import_batch_confirm(actor=intake, batch=batch, sha256=batch.checked_sha256)
    assert import_now(batch.pk).status == "imported"


def _implementation(chief, partner) -> None:
    project = ProjectFactory.create(status=ProjectStatus.IN_IMPLEMENTATION, officer=chief)
    ProjectPartnerFactory.create(project=project, organisation=partner.organisation)
    milestone = implementation.milestone_add(
        user=chief, project=project, title="Exhibition opens", due_on=TODAY
    )
    implementation.milestone_mark_done(
        user=chief, milestone=milestone, done_on=TODAY, note="Opened"
    )
    implementation.milestone_archive(user=chief, milestone=milestone, reason="Duplicate")
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    checked = check_upload(photo)
    assert checked.file is not None
    report = implementation.progress_report_submit(
        user=partner,
        project=project,
        period_start=TODAY - DAY,
        period_end=TODAY,
        text="Two villages",
        language="km",
        counts=[implementation.PeopleReached(ProvinceFactory.create(), "female", 12)],
        files=[implementation.CheckedFile(upload=checked.file, checked=checked, caption="A visit")],
    )
    attachment = report.attachments.get()
    implementation_reads.attachment_downloaded(partner, attachment)
    implementation.progress_attachment_archive(
        user=partner, attachment=attachment, reason="A face shown without consent"
    )
    application = ApplicationFactory.create(status=Status.ADMITTED, case=project.cases.get())
    participation = implementation.participation_add(
        user=chief, project=project, vss_number=str(application.vss_number), took_part_on=TODAY
    )
    implementation_reads.participants_of(partner, project)
    implementation.participation_archive(user=chief, participation=participation, reason="Mistake")
    project.status = ProjectStatus.COMPLETED
    project.save(update_fields=["status"])
    evaluation_report = _pdf("evaluation.pdf")
    implementation.evaluation_record(
        user=chief,
        project=project,
        evaluated_on=TODAY,
        evaluator="Evaluator",
        summary="Reached its aims",
        language="en",
        document=implementation.CheckedFile(
            upload=evaluation_report, checked=check_upload(evaluation_report)
        ),
    )


def _consultation(outreach, case) -> None:
    ApplicationFactory.create(
        case=case, status=Status.RECEIVED, form__reparation_wishes="A stupa in the village"
    )
    consultation.proposal_import_request(user=outreach, case=case)
    proposal = consultation.proposal_record(
        user=outreach,
        data=consultation.ProposalData(
            case=case,
            source=ProposalSource.ORGANISATION,
            organisation=OrganisationFactory.create(name="Kdei Karuna", acronym="KK"),
            text="Dialogues between generations",
            language="en",
            category=Category.EDUCATION,
        ),
    )
    proposals = Proposal.objects.filter(pk=proposal.pk)
    tag = consultation.tag_create(user=outreach, name="dialogue")
    consultation.proposals_add_tag(user=outreach, proposals=proposals, tag=tag)
    theme = consultation.theme_create(
        user=outreach, name="Dialogues", case=case, category=Category.EDUCATION
    )
    consultation.proposals_put_in_theme(user=outreach, proposals=proposals, theme=theme)
    consultation.proposals_set_category(
        user=outreach, proposals=proposals, category=Category.DOCUMENTATION
    )
    consultation.theme_link_project(
        user=outreach, theme=theme, project=ProjectFactory.create(cases=[case])
    )
    consultation.proposal_correct(
        user=outreach, proposal=proposal, language="km", category=Category.EDUCATION
    )
    consultation.proposal_archive(user=outreach, proposal=proposal, reason="Recorded twice")


def _reparation_projects(chief) -> None:
    officer = UserFactory.create(username="officer", role=Role.REPARATIONS)
    case = CaseFactory.create(number="002/01")
    data = ProjectData(
        title_km="ការតាំងពិព័រណ៍ចល័ត",
        title_en="Mobile exhibition",
        title_fr="Exposition itinérante",
        category=Category.DOCUMENTATION,
        cases=[case],
        officer=officer,
    )
    project = projects.project_create(user=officer, data=data)
    data.title_en = "Mobile exhibition and education"
    projects.project_update(user=officer, project=project, data=data, version=project.version)
    partnership = projects.project_partner_add(
        user=officer,
        project=project,
        data=projects.PartnerData(
            organisation=OrganisationFactory.create(
                name="Youth for Peace", kind=OrganisationKind.PARTNER
            ),
            is_lead=True,
            contact_name="Contact person",
        ),
    )
    projects.project_partner_end(user=officer, partnership=partnership, reason="Merged")
    concept = _pdf("concept.pdf")
    document = projects.project_document_add(
        user=officer,
        project=project,
        upload=projects.ProjectUpload(
            kind=ProjectDocumentKind.CONCEPT_NOTE, file=concept, checked=check_upload(concept)
        ),
    )
    project_document_get_for_user(chief, document.pk)
    project_list_read(officer, ProjectFilters(case=case.pk), shown=1)
    lead = UserFactory.create(username="lead", role=Role.LAWYER)
    LeadCoLawyerFactory.create(case=case, lawyer=LawyerFactory.create(user=lead))
    request = claims.claim_request_mark(user=lead, project=project, case=case)
    claims.claim_request_withdraw(user=lead, request=request, reason="Another project")
    project.refresh_from_db()
    lifecycle.project_transition(
        user=officer,
        project=project,
        to_status=ProjectStatus.NON_JUDICIAL,
        version=project.version,
        happened_on=TODAY,
        reason="Beside the trial",
    )


def _funding(officer) -> None:
    donor = funding.donor_create(
        user=officer, data=funding.DonorData(name="Japan (JICA)", name_km="ជប៉ុន")
    )
    funding.donor_update(
        user=officer, donor=donor, data=funding.DonorData(name="Japan (JICA)", acronym="JICA")
    )
    project = ProjectFactory.create()
    line = funding.budget_line_add(
        user=officer, project=project, description="Stupa", amount_usd=Decimal("50000.00")
    )
    funding.budget_line_archive(user=officer, line=line, reason="The pagoda gave the stupa")
    pledge = funding.pledge_record(
        user=officer,
        project=project,
        data=funding.PledgeData(
            donor=donor,
            currency="JPY",
            amount=Decimal("5000000.00"),
            pledged_on=TODAY - DAY,
            usd_rate=Decimal("0.0067123456"),
        ),
    )
    funding.payment_record(
        user=officer,
        pledge=pledge,
        data=funding.PaymentData(
            amount=Decimal("1000000.00"),
            received_on=TODAY,
            usd_rate=Decimal("0.0066"),
            rate_source="Bank's advice",
        ),
    )
    funding.pledge_cancel(user=officer, pledge=pledge, reason="The grant was cut")


def _rows(page_html: str) -> list[str]:
    body = page_html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def _api_tokens(chief, intake) -> None:
    from vss.accounts.services import api_token_issue, api_token_revoke

    token, secret = api_token_issue(actor=chief, user=intake, name="Registry sync")
    api_token_revoke(actor=chief, token=token, reason="Program retired")
    refused = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/cases")
    assert refused.status_code == 401


def test_the_auditor_reads_every_change_the_services_write_as_old_and_new(
    client, intake, legal, chief, outreach, partner, auditor, reparations
):
    case = CaseFactory.create(number="002/02", investigation_closed_on=None)
    _applications_and_people(intake, legal, case)
    _representation(legal, chief, case)
    _support(outreach, partner)
    _matching_and_accounts(client, legal, intake)
    _api_tokens(chief, intake)
    _exports(intake)
    _imports(intake)
    _portal(intake, outreach)
    _implementation(chief, partner)
    _consultation(outreach, case)
    _reparation_projects(chief)
    _funding(reparations)
    outreach_writes(outreach=outreach, chief=chief, partner=partner, case=case)

    written = set(AuditEntry.objects.values_list("action", "object_type"))
    assert written == WRITTEN, sorted(written ^ WRITTEN)
    # The demo data's run is written, and read in the log, in the demo's own tests; a
    # backup's making and restoring in the backups' (they need a committed database).
    registered = {value for value, _name in registry.record_type_choices()} - {
        "demo_data",
        "backups.backup",
    }
    assert registered <= {object_type for _action, object_type in written}, sorted(
        registered - {object_type for _action, object_type in written}
    )

    client.force_login(auditor)
    shown = 0
    unnamed: set[tuple[str, str]] = set()
    url = reverse("audit:list")
    while url:
        response = client.get(url)
        page = response.context["page"]
        rows = _rows(html.unescape(response.text))
        assert len(rows) == len(page.object_list)
        for entry, row in zip(page.object_list, rows, strict=True):
            cell = row.split('<td class="changes">', 1)[1].split("</td>", 1)[0]
            lines = re.findall(r"<div><b>(.*?)</b>: (.*?)</div>", cell, flags=re.S)
            labels = [field_label(entry.object_type, field) for field in entry.changes]
            assert [field for field, _change in lines] == labels, cell
            unnamed |= {
                (entry.object_type, field)
                for field, label in zip(entry.changes, labels, strict=True)
                if label == field
            }
            for field, change in lines:
                old, arrow, new = change.partition(" → ")
                where = f"{entry.action} {entry.object_type} {field}: {change!r}"
                assert arrow and old.strip() and new.strip(), where
                # Lists and tallies read as lists, not in Python's notation.
                assert not re.search(r"[\[{]['\d(]|'[\]}]|', '", change), where
            shown += 1
        url = f"{reverse('audit:list')}?page={page.next_page_number}" if page.has_next else ""
    # Every entry, but the reading of the last page, written after it was read.
    assert shown == AuditEntry.objects.count() - 1
    # Every changed field is named as its model names it, in the reader's language.
    assert unnamed == set(), "\n".join(map(str, sorted(unnamed)))
    # And what each entry is about reads in Khmer: references (usernames among them), or
    # wordings translated.
    usernames = frozenset(User.objects.values_list("username", flat=True))
    with translation.override("km"):
        english = {
            entry.object_label: words
            for entry in AuditEntry.objects.all()
            if (words := english_words(audit_record(entry), allowed=usernames))
        }
    assert not english, english
