"""Records outside the scope of every persona that has one: the second half of each row of
an access matrix. A matrix row says what a persona meets for a record it may be shown
(or one it was refused by right); `OUT_OF_SCOPE` says, for every URL that takes a record,
how to name one of the same kind that belongs to someone else: another organisation's
form, another lawyer's client in another case, another partner's referral, another
user's notification or export. vss/testing/tests/test_every_url.py asks every such URL for it as
each persona with a scope, and fails for a URL with a record and no entry here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from vss.accounts.models import OrganisationKind, User
from vss.applications.models import (
    Application,
    DocumentKind,
    Status,
    SupportingDocument,
    VictimInformationForm,
)
from vss.exports.models import ExportFormat, ExportJob, JobStatus
from vss.imports.models import BatchStatus, FileFormat, ImportBatch
from vss.matching.models import MatchCandidate, MatchRun, PersonMerge, RunStatus
from vss.notifications.models import Notification
from vss.outreach.models import (
    CourtDate,
    Draw,
    Event,
    FocalPerson,
    Invitation,
    MaterialHandover,
    Newsletter,
    NewsletterStatus,
    ReceiptScan,
    SendJob,
)
from vss.people.models import Kinship, Person, Relationship
from vss.portal.models import DeviceForm, DeviceFormStatus
from vss.proceedings.models import Case
from vss.reparations.models import (
    BudgetLine,
    ClaimRequest,
    ImportStatus,
    Milestone,
    Participation,
    Pledge,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectPartner,
    ProjectStatus,
    Proposal,
    ProposalImport,
    ProposalTheme,
)
from vss.representation.models import (
    CivilPartyGroup,
    ConflictOfInterest,
    Lawyer,
    LawyerDocument,
    LawyerDocumentKind,
    LeadCoLawyerAppointment,
    Representation,
)
from vss.support.models import Consent, Contact, Referral

from .constants import PDF, PNG
from .factories import (
    ApplicationFactory,
    BudgetLineFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ClaimRequestFactory,
    ContactFactory,
    CourtDateFactory,
    EventFactory,
    FocalPersonFactory,
    InvitationFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    MaterialHandoverFactory,
    MilestoneFactory,
    NewsletterFactory,
    OrganisationFactory,
    PersonFactory,
    PledgeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ProposalFactory,
    ProposalThemeFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
)

# The personas whose records are a part of all: every other persona's scope is the whole
# Section's records, so that no record lies outside it.
SCOPED = ["intermediary", "lawyer", "lead_co_lawyer", "partner", "donor"]


def out_of_scope_status(in_scope: int) -> int:
    """What a persona meets for a record outside its scope, given what it meets for one
    inside: a refusal by right (403) or by method (405) whatever the record; else the
    record is not found (404), so that its existence is not told."""
    return in_scope if in_scope in (403, 405) else 404


@dataclass
class Outsiders:
    """A Civil Party of Case 004/02 whose form another organisation (DC-Cam) entered,
    represented by another lawyer, referred to another partner organisation (Kdei
    Karuna), with the records around her; and the records of other users."""

    case: Case
    form: VictimInformationForm
    application: Application
    document: SupportingDocument
    person: Person
    relative: Person
    mandate: Representation
    conflict: ConflictOfInterest
    group: CivilPartyGroup
    lawyer: Lawyer
    lawyer_document: LawyerDocument
    seat: LeadCoLawyerAppointment
    referral: Referral
    consent: Consent
    contact: Contact
    notification: Notification
    user: User
    run: MatchRun
    candidate: MatchCandidate
    merge: PersonMerge
    export: ExportJob
    import_batch: ImportBatch
    # Never before the judges: its public page is not found, for anyone.
    unendorsed_project: Project
    proposal: Proposal
    theme: ProposalTheme
    proposal_import: ProposalImport
    # A reparation project of Case 004/02 implemented by the other partner (Kdei Karuna),
    # requested in the claim by the outsider lawyer, who leads that case.
    project: Project
    project_partner: ProjectPartner
    claim_request: ClaimRequest
    project_document: ProjectDocument
    work: "ProjectAtWork"
    # A project of Case 004/02 that no partner implements, funded by another donor.
    pledge: Pledge
    budget_line: BudgetLine
    # The outsider invited to an event the other partner (Kdei Karuna) co-organises.
    invitation: Invitation
    # A focal person of the Section, with materials handed over and their signed list.
    focal_person: FocalPerson
    handover: MaterialHandover
    receipt_scan: ReceiptScan
    # A forum of Case 004/02 co-organised by the other partner (Kdei Karuna) alone.
    event: Event
    # A hearing of Case 004/02: court dates are everyone's who reads the calendar, and
    # changed by the Section's staff alone, so every scoped persona is refused by right.
    court_date: CourtDate
    # A newsletter of Case 004/02 being sent: read only by those who send messages.
    newsletter: Newsletter


@dataclass
class ProjectAtWork:
    """A reparation project of Case 004/02 in implementation, carried out by another
    partner organisation (Kdei Karuna) and funded by no one's donor persona: its
    milestone, a report with a photo, and the Civil Party above taking part."""

    milestone: Milestone
    report: ProgressReport
    photo: ProgressAttachment
    participation: Participation


def project_at_work(case: Case, application: Application, other_partner: User) -> ProjectAtWork:
    partnership = ProjectPartnerFactory.create(
        project__cases=[case],
        project__status=ProjectStatus.IN_IMPLEMENTATION,
        organisation=other_partner.organisation,
    )
    project = partnership.project
    report = ProgressReportFactory.create(project=project)
    return ProjectAtWork(
        milestone=MilestoneFactory.create(project=project),
        report=report,
        photo=ProgressAttachment.objects.create(
            report=report,
            file=ContentFile(PNG, name="outside-photo.png"),
            original_name="outside-photo.png",
            content_type="image/png",
            size=len(PNG),
            sha256="0" * 64,
            uploaded_by=project.officer,
        ),
        participation=Participation.objects.create(
            project=project, application=application, recorded_by=project.officer
        ),
    )


def outsiders(*, other_intermediary: User, other_partner: User, chief: User) -> Outsiders:
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    form = VifFactory.create(
        applicant=PersonFactory.create(family_name_latin="OUTSIDE"),
        intermediary=other_intermediary.organisation,
        entered_by_organisation=other_intermediary.organisation,
        created_by=other_intermediary,
    )
    application = ApplicationFactory.create(form=form, case=case, status=Status.ADMITTED)
    person = application.applicant
    relative = PersonFactory.create(family_name_latin="OUTSIDE", given_name_latin="Kin")
    Kinship.objects.create(person=person, relative=relative, relationship=Relationship.SIBLING)
    document = SupportingDocument.objects.create(
        form=form,
        kind=DocumentKind.IDENTITY,
        file=ContentFile(PDF, name="outside.pdf"),
        original_name="outside.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=other_intermediary,
    )
    lawyer = LawyerFactory.create(family_name="OUTSIDER")
    mandate = RepresentationFactory.create(
        application=application,
        lawyer=lawyer,
        power_of_attorney=ContentFile(PDF, name="outside-power.pdf"),
        power_of_attorney_name="outside-power.pdf",
    )
    conflict = ConflictOfInterest.objects.create(
        lawyer=lawyer,
        person=person,
        description="A neighbour",
        declared_on=timezone.localdate(),
        declared_by=chief,
    )
    referral = ReferralFactory.create(partner=other_partner.organisation, consent__person=person)
    merged = PersonFactory.create(family_name_latin="OUTSIDE", given_name_latin="Twin")
    run = MatchRun.objects.create(started_by=chief, status=RunStatus.DONE, progress=1.0)
    low, high = sorted((person, relative), key=lambda p: p.pk)
    candidate = MatchCandidate.objects.create(
        run=run,
        person_a=low,
        person_b=high,
        probability=0.9,
        weight=10.0,
        explanation=[],
        cluster=1,
    )
    merge = PersonMerge.objects.create(survivor=relative, merged=merged, merged_by=chief)
    seat = LeadCoLawyerFactory.create(case=case, lawyer=lawyer)
    project = ProjectFactory.create(cases=[case], reference="REP-004/02-001")
    pledge = PledgeFactory.create(
        project=project,
        donor=OrganisationFactory.create(
            name="Switzerland (SDC)", acronym="SDC", kind=OrganisationKind.DONOR
        ),
    )
    handover, scan = _focal(person, chief)
    return Outsiders(
        case=case,
        form=form,
        application=application,
        document=document,
        person=person,
        relative=relative,
        mandate=mandate,
        conflict=conflict,
        group=CivilPartyGroupFactory.create(case=case, lawyer=lawyer),
        lawyer=lawyer,
        lawyer_document=LawyerDocument.objects.create(
            lawyer=lawyer,
            kind=LawyerDocumentKind.CV,
            file=ContentFile(PDF, name="outsider-cv.pdf"),
            original_name="cv.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_by=chief,
        ),
        seat=seat,
        referral=referral,
        consent=referral.consent,
        contact=ContactFactory.create(
            person=person,
            follow_up_on=timezone.localdate(),
            follow_up_user=referral.consent.recorded_by,
        ),
        notification=Notification.objects.create(recipient=chief, message="For the Chief"),
        user=chief,
        run=run,
        candidate=candidate,
        merge=merge,
        export=ExportJob.objects.create(
            requested_by=chief,
            role=chief.role,
            list_name="applications",
            export_format=ExportFormat.XLSX,
            language="en",
            status=JobStatus.DONE,
            file_name="chief.xlsx",
        ),
        import_batch=ImportBatch.objects.create(
            uploaded_by=chief,
            role=chief.role,
            language="en",
            original_name="legacy.csv",
            file_format=FileFormat.CSV,
            file_name="chief.csv",
            size=0,
            sha256="0" * 64,
            status=BatchStatus.FAILED,
        ),
        unendorsed_project=ProjectFactory.create(cases=[case]),
        work=project_at_work(case, application, other_partner),
        proposal=ProposalFactory.create(case=case, text="A stupa in Kampong Speu"),
        theme=ProposalThemeFactory.create(case=case, name="Stupas of Case 004/02"),
        proposal_import=ProposalImport.objects.create(
            case=case, requested_by=chief, status=ImportStatus.DONE
        ),
        project=project,
        project_partner=ProjectPartnerFactory.create(
            project=project, organisation=other_partner.organisation
        ),
        claim_request=ClaimRequestFactory.create(
            project=project, case=case, lawyer=lawyer, marked_by=chief
        ),
        project_document=ProjectDocument.objects.create(
            project=project,
            kind=ProjectDocumentKind.CONCEPT_NOTE,
            file=ContentFile(PDF, name="outside-concept.pdf"),
            original_name="concept.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_by=chief,
        ),
        pledge=pledge,
        budget_line=BudgetLineFactory.create(project=pledge.project),
        invitation=_invitation(case, person, other_partner, chief),
        focal_person=handover.focal_person,
        handover=handover,
        receipt_scan=scan,
        event=_co_organised_event(case, other_partner, chief),
        court_date=CourtDateFactory.create(case=case, created_by=chief),
        newsletter=NewsletterFactory.create(
            case=case,
            status=NewsletterStatus.SENDING,
            job=SendJob.objects.create(label="newsletter", requested_by=chief),
        ),
    )


def _invitation(case: Case, person: Person, other_partner: User, chief: User) -> Invitation:
    event = EventFactory.create(cases=[case])
    assert other_partner.organisation is not None  # a partner's user always has one
    event.co_organisers.add(other_partner.organisation)
    made = Draw.objects.create(event=event, seed=1, size=1, made_by=chief)
    return InvitationFactory.create(event=event, person=person, draw=made, rank=1)


def _focal(person: Person, chief: User) -> tuple[MaterialHandover, ReceiptScan]:
    handover = MaterialHandoverFactory.create(
        focal_person=FocalPersonFactory.create(person=person, created_by=chief)
    )
    scan = ReceiptScan.objects.create(
        handover=handover,
        file=ContentFile(PDF, name="outside-receipts.pdf"),
        original_name="receipts.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=chief,
    )
    return handover, scan


def _co_organised_event(case: Case, other_partner: User, chief: User) -> Event:
    event = EventFactory.create(cases=[case], officer=chief, created_by=chief)
    assert other_partner.organisation is not None
    event.co_organisers.add(other_partner.organisation)
    return event


# The outsider's form as it arrived from one of the other intermediary's devices.
OUTSIDE_DEVICE_FORM = "00000000-0000-4000-8000-0000000000de"


def _device_form(o: Outsiders) -> str:
    DeviceForm.objects.get_or_create(
        device_form_id=OUTSIDE_DEVICE_FORM,
        defaults={
            "sent_by": o.form.created_by,
            "organisation_id": o.form.entered_by_organisation_id,
            "status": DeviceFormStatus.RECEIVED,
            "content_digest": "0" * 64,
            "filled_at": timezone.now(),
            "application": o.application,
        },
    )
    return OUTSIDE_DEVICE_FORM


# URL name -> the record of `Outsiders` whose id fills its path.
# A record's id, or the token a URL takes instead (a message's stop link).
OUT_OF_SCOPE: dict[str, Callable[[Outsiders], int | str]] = {
    "outreach:invitation_list": lambda o: o.invitation.event_id,
    "outreach:draw_make": lambda o: o.invitation.event_id,
    "outreach:draw_detail": lambda o: o.invitation.draw_id or 0,
    "outreach:invitations_send": lambda o: o.invitation.event_id,
    "outreach:invitation_detail": lambda o: o.invitation.pk,
    "outreach:invitation_reply": lambda o: o.invitation.pk,
    "outreach:invitations_reply": lambda o: o.invitation.event_id,
    "outreach:invitation_pick_up": lambda o: o.invitation.pk,
    "outreach:pick_ups_send": lambda o: o.invitation.event_id,
    "outreach:invitation_needs": lambda o: o.invitation.pk,
    "outreach:companion_add": lambda o: o.invitation.pk,
    "accounts:user_password_reset": lambda o: o.user.pk,
    "accounts:user_deactivate": lambda o: o.user.pk,
    "accounts:user_reactivate": lambda o: o.user.pk,
    "accounts:user_unlock": lambda o: o.user.pk,
    "accounts:user_second_factor_reset": lambda o: o.user.pk,
    # Only the Chief manages tokens, and is refused none: one that does not exist.
    "accounts:api_token_revoke": lambda o: 999_999,
    "applications:detail": lambda o: o.application.pk,
    "applications:transition": lambda o: o.application.pk,
    "applications:form_edit": lambda o: o.form.pk,
    "applications:document_upload": lambda o: o.form.pk,
    "applications:document_download": lambda o: o.document.pk,
    "applications:vif_pdf": lambda o: o.application.pk,
    "applications:receipt_pdf": lambda o: o.application.pk,
    "exports:job_detail": lambda o: o.export.pk,
    "exports:job_download": lambda o: o.export.pk,
    "imports:detail": lambda o: o.import_batch.pk,
    "imports:confirm": lambda o: o.import_batch.pk,
    "imports:report": lambda o: o.import_batch.pk,
    "people:detail": lambda o: o.person.pk,
    "proceedings:case_edit": lambda o: o.case.pk,
    "matching:run_detail": lambda o: o.run.pk,
    "matching:review": lambda o: o.candidate.pk,
    "matching:merge": lambda o: o.candidate.pk,
    "matching:different": lambda o: o.candidate.pk,
    "matching:merge_detail": lambda o: o.merge.pk,
    "matching:unmerge": lambda o: o.merge.pk,
    "representation:lawyer_detail": lambda o: o.lawyer.pk,
    "representation:lawyer_edit": lambda o: o.lawyer.pk,
    "representation:lawyer_decide": lambda o: o.lawyer.pk,
    "representation:lawyer_document_upload": lambda o: o.lawyer.pk,
    "representation:lawyer_link_account": lambda o: o.lawyer.pk,
    "representation:lawyer_caseload": lambda o: o.lawyer.pk,
    "representation:lawyer_document_download": lambda o: o.lawyer_document.pk,
    "representation:case_leads": lambda o: o.case.pk,
    "representation:lead_appoint": lambda o: o.case.pk,
    "representation:lead_end": lambda o: o.seat.pk,
    "representation:representation_add": lambda o: o.application.pk,
    "representation:representation_end": lambda o: o.mandate.pk,
    "representation:power_of_attorney_download": lambda o: o.mandate.pk,
    "representation:power_of_attorney_attach": lambda o: o.mandate.pk,
    "representation:conflict_declare": lambda o: o.application.pk,
    "representation:conflict_lift": lambda o: o.conflict.pk,
    "representation:client_note_add": lambda o: o.application.pk,
    "representation:group_list": lambda o: o.case.pk,
    "representation:group_create": lambda o: o.case.pk,
    "representation:grouping_tool": lambda o: o.case.pk,
    "representation:grouping_confirm": lambda o: o.case.pk,
    "representation:consolidated": lambda o: o.case.pk,
    "representation:group_detail": lambda o: o.group.pk,
    "representation:group_edit": lambda o: o.group.pk,
    "representation:group_archive": lambda o: o.group.pk,
    "notifications:read": lambda o: o.notification.pk,
    "support:referral_detail": lambda o: o.referral.pk,
    "support:session_add": lambda o: o.referral.pk,
    "support:note_add": lambda o: o.referral.pk,
    "support:referral_close": lambda o: o.referral.pk,
    "support:referral_create": lambda o: o.person.pk,
    "support:contact_add": lambda o: o.person.pk,
    "support:consent_withdraw": lambda o: o.consent.pk,
    "support:follow_up_done": lambda o: o.contact.pk,
    "reparations:public_detail": lambda o: o.unendorsed_project.pk,
    # A token no message ever carried.
    "outreach:stop": lambda o: "no-such-token",
    "outreach:person_messages": lambda o: o.person.pk,
    "outreach:reach_edit": lambda o: o.person.pk,
    "outreach:reach_stop": lambda o: o.person.pk,
    "outreach:reach_resume": lambda o: o.person.pk,
    "reparations:milestone_add": lambda o: o.work.report.project_id,
    "reparations:milestone_done": lambda o: o.work.milestone.pk,
    "reparations:milestone_archive": lambda o: o.work.milestone.pk,
    "reparations:report_create": lambda o: o.work.report.project_id,
    "reparations:report_detail": lambda o: o.work.report.pk,
    "reparations:attachment_add": lambda o: o.work.report.pk,
    "reparations:attachment_download": lambda o: o.work.photo.pk,
    "reparations:attachment_archive": lambda o: o.work.photo.pk,
    "reparations:attachment_thumbnail": lambda o: o.work.photo.pk,
    "reparations:participation_add": lambda o: o.work.report.project_id,
    "reparations:participation_archive": lambda o: o.work.participation.pk,
    "reparations:evaluation_record": lambda o: o.work.report.project_id,
    "reparations:proposal_detail": lambda o: o.proposal.pk,
    "reparations:proposal_correct": lambda o: o.proposal.pk,
    "reparations:proposal_archive": lambda o: o.proposal.pk,
    "reparations:theme_detail": lambda o: o.theme.pk,
    "reparations:theme_link_project": lambda o: o.theme.pk,
    "reparations:import_detail": lambda o: o.proposal_import.pk,
    "reparations:project_detail": lambda o: o.project.pk,
    "reparations:project_edit": lambda o: o.project.pk,
    "reparations:project_move": lambda o: o.project.pk,
    "reparations:partner_add": lambda o: o.project.pk,
    "reparations:document_add": lambda o: o.project.pk,
    "reparations:claim_request_add": lambda o: o.project.pk,
    "reparations:partner_end": lambda o: o.project_partner.pk,
    "reparations:document_download": lambda o: o.project_document.pk,
    "reparations:claim_request_withdraw": lambda o: o.claim_request.pk,
    "reparations:project_funding": lambda o: o.pledge.project_id,
    "reparations:budget_line_add": lambda o: o.pledge.project_id,
    "reparations:pledge_add": lambda o: o.pledge.project_id,
    "reparations:budget_line_archive": lambda o: o.budget_line.pk,
    "reparations:payment_add": lambda o: o.pledge.pk,
    "reparations:pledge_cancel": lambda o: o.pledge.pk,
    "reparations:donor_edit": lambda o: o.pledge.donor_id,
    "outreach:focal_detail": lambda o: o.focal_person.pk,
    "outreach:focal_archive": lambda o: o.focal_person.pk,
    "outreach:focal_handover_add": lambda o: o.focal_person.pk,
    "outreach:focal_handover_return": lambda o: o.handover.pk,
    "outreach:focal_handover_archive": lambda o: o.handover.pk,
    "outreach:focal_receipt_download": lambda o: o.receipt_scan.pk,
    "outreach:event_detail": lambda o: o.event.pk,
    "outreach:event_edit": lambda o: o.event.pk,
    "outreach:event_status": lambda o: o.event.pk,
    "outreach:event_archive": lambda o: o.event.pk,
    "outreach:court_date_edit": lambda o: o.court_date.pk,
    "outreach:court_date_announce": lambda o: o.court_date.pk,
    "outreach:court_date_archive": lambda o: o.court_date.pk,
    "outreach:newsletter_detail": lambda o: o.newsletter.pk,
    "outreach:newsletter_edit": lambda o: o.newsletter.pk,
    "outreach:newsletter_count": lambda o: o.newsletter.pk,
    "outreach:newsletter_send": lambda o: o.newsletter.pk,
    "outreach:newsletter_archive": lambda o: o.newsletter.pk,
    "outreach:newsletter_print_letters": lambda o: o.newsletter.pk,
    "outreach:newsletter_print_labels": lambda o: o.newsletter.pk,
    "outreach:send_detail": lambda o: o.newsletter.job_id or 0,
    "outreach:send_print_letters": lambda o: o.newsletter.job_id or 0,
    "outreach:send_print_labels": lambda o: o.newsletter.job_id or 0,
    "outreach:day_logistics": lambda o: o.invitation.event_id,
    "outreach:pick_up_point_add": lambda o: o.invitation.event_id,
    "outreach:vehicle_add": lambda o: o.invitation.event_id,
    "outreach:accommodation_add": lambda o: o.invitation.event_id,
    "outreach:seats_assign": lambda o: o.invitation.event_id,
    "outreach:beds_assign": lambda o: o.invitation.event_id,
    "outreach:day_attendance": lambda o: o.invitation.event_id,
    "outreach:attendance_sheet": lambda o: o.invitation.event_id,
    "outreach:check_in": lambda o: o.invitation.event_id,
    "outreach:check_in_people": lambda o: o.invitation.event_id,
    "outreach:check_in_send": lambda o: o.invitation.event_id,
    # The public site's texts have no owner: a page or a revision that is not there.
    "portal:apply_step": lambda o: "no-such-step",
    "portal:receipt_print": lambda o: o.application.pk,
    "portal:content_edit": lambda o: "no-such-page",
    "portal:content_history": lambda o: "no-such-page",
    "portal:content_preview": lambda o: 999_999,
    "portal:content_publish": lambda o: 999_999,
    "portal:content_restore": lambda o: 999_999,
    "portal:intake_form_detail": lambda o: _device_form(o),
    # A confirmation link is a token held by whoever received the message, like a stop link.
    "portal:newsletter_confirm": lambda o: "no-such-link",
    # The API reads through the pages' selectors: the same records out of scope. Cases
    # are the court's public record, in no one's scope alone: one that does not exist.
    "api:case": lambda o: 999_999,
    "api:application": lambda o: o.application.pk,
    "api:application_mandates": lambda o: o.application.pk,
    "api:application_transition": lambda o: o.application.pk,
    "api:document_file": lambda o: o.document.pk,
    "api:person": lambda o: o.person.pk,
    "api:group": lambda o: o.group.pk,
    "api:project": lambda o: o.project.pk,
    "api:event": lambda o: o.event.pk,
}
