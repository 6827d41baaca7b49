"""The identity scan: a protected person's real name reaches no one without the right to
see it. Over a world that holds a protected person with every kind of record about her
(relatives, documents with her name in their file names, a power of attorney, a record
merged into hers and a near-duplicate, a group, referrals, a consent, a logged contact,
notifications and the audit entries all of these wrote), each persona that may not see
her identity reads every URL of the project with her records' ids, follows every link and
fragment from there, sends her real names into every search box and the live duplicate
check, and opens every download. No body, header or file name may then hold her name in
any spelling: Latin or Khmer, the alias kept for her, parts joined or split."""

import datetime
import html
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.applications import services as applications
from vss.applications.models import (
    Channel,
    DocumentKind,
    HarmKind,
    Status,
    VictimInformationForm,
    VictimType,
)
from vss.applications.uploads import check_upload
from vss.matching import services as matching
from vss.matching.models import MatchCandidate, MatchRun, RunStatus
from vss.outreach.models import Invitation, InvitationStatus
from vss.outreach.services import attendance, choosing, focal, logistics
from vss.people.models import Person, Relationship
from vss.people.services import PersonData, person_create
from vss.proceedings.models import Case
from vss.reparations.models import Category, Participation, ProjectStatus, Proposal
from vss.reparations.services import consultation, implementation
from vss.representation import services as representation
from vss.representation.models import GroupBasis
from vss.support import services as support
from vss.support.models import ContactChannel, ServiceType
from vss.testing.access import Route, routes
from vss.testing.clients import signed_in
from vss.testing.constants import PDF, PNG
from vss.testing.draws import drawn
from vss.testing.factories import (
    CrimeTypeFactory,
    EventFactory,
    InvitationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    VillageFactory,
)
from vss.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

# Her names as entered, then the alias kept for another spelling on an older form.
FAMILY, GIVEN = "SUON", "Sreymom"
FAMILY_KM, GIVEN_KM = "សួន", "ស្រីមុំ"
ALIASES = [("SOUN", "Srey Mom"), ("សួន", "ស្រីមុម")]

# What may never be read: the given names in every spelling she is known by, and each
# family name beside them. The family name alone is shared by her relatives and by
# thousands of Cambodians; her given name is what makes it hers.
SECRETS = [GIVEN, GIVEN_KM, *(given for _family, given in ALIASES)]

# Typed where a user can type: in lower case and by family name alone, so that what a
# page shows back of the query is told apart from a record it found.
QUERIES = ["suon sreymom", "sreymom", "soun srey mom", FAMILY_KM, f"{FAMILY_KM} {GIVEN_KM[:3]}"]

# Typed as a control: a name of the same shape that nobody in the world has.
UNKNOWN = "khieu bopha"

# The roles without the right to see protected identities. The lawyer once represented
# her (the mandate ended) and represents her brother; the partner organisation was
# referred her brother, not her; the Lead Co-Lawyer leads her case's Civil Parties.
PERSONAS = [
    "intake",
    "reparations",
    "outreach",
    "auditor",
    "intermediary",
    "lawyer",
    "lead_co_lawyer",
    "partner",
]

# Not read: what ends the session, changes the language or is a static file.
NOT_FOLLOWED = ("/accounts/logout/", "/logout/", "/static/", "/i18n/setlang/")
MOST_REQUESTS = 400


def _key(text: str) -> str:
    """Text as compared: case, spaces, hyphens and Khmer spacing marks left out, so that
    "Srey Mom", "SREY-MOM" and "Sreymom" read alike."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\s\-_.·\u200b\u200c\u200d+]|%20", "", text)


SECRET_KEYS = sorted({_key(secret) for secret in SECRETS})


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _upload(name: str) -> dict:
    upload = _pdf(name)
    return {"upload": upload, "checked": check_upload(upload)}


@dataclass
class World:
    case: Case
    protected: Person
    brother: Person
    merged: Person  # an older record of hers, merged into hers
    near: Person  # another record the matcher proposed as her
    ids: dict[str, list[int]]  # URL argument values by route name
    her_pages: list[str]  # the addresses of her person page and application


def _person(family: str, given: str, **fields: object) -> PersonData:
    values: dict = {"sex": "female", "birth_year": 1950, **fields}
    return PersonData(
        family_name_latin=family,
        given_name_latin=given,
        village_id=VillageFactory.create().pk,
        **values,
    )


def _her(**fields: object) -> PersonData:
    return _person(
        FAMILY,
        GIVEN,
        family_name_km=FAMILY_KM,
        given_name_km=GIVEN_KM,
        is_protected=True,
        aliases=list(ALIASES),
        **fields,
    )


def _vif(actor, applicant: PersonData, case: Case, *, documents=(), harms=()):  # type: ignore[no-untyped-def]
    return applications.form_create(
        actor=actor,
        applicant=applicant,
        content=applications.FormContent(
            form=applications.FormData(
                channel=Channel.INTERMEDIARY,
                intermediary_id=actor.organisation_id,
                received_on=TODAY,
                account=f"{FAMILY} {GIVEN} saw her village emptied.",
            ),
            crimes=[applications.CrimeData(crime_type_id=CrimeTypeFactory.create().pk)],
            harms=list(harms),
            documents=[
                applications.DocumentData(kind=kind, **_upload(name)) for kind, name in documents
            ],
            requests=[applications.CaseRequest(case_id=case.pk)],
        ),
    )


def _admitted(intake, legal, form):  # type: ignore[no-untyped-def]
    application = form.applications.get()
    applications.application_transition(
        actor=intake, application=application, to_status=Status.RECEIVED
    )
    for status in (Status.SCREENED, Status.TRANSMITTED, Status.ADMITTED):
        applications.application_transition(
            actor=legal,
            application=application,
            to_status=status,
            reason=f"Injury shown by {GIVEN}'s account",
            court_document="D404/2",
        )
    application.refresh_from_db()
    return application


@pytest.fixture
def world(
    chief,
    intake,
    legal,
    outreach,
    intermediary,
    lawyer,
    other_lawyer,
    lead_co_lawyer,
    partner,
    other_partner,
) -> World:
    # The Lead Co-Lawyer's case, still open to applications.
    case = Case.objects.get(number="002/02")
    case.investigation_closed_on = None
    case.save(update_fields=["investigation_closed_on"])

    # Her form, entered by the intermediary's organisation, names her brother as a
    # victim too; her identity card's file bears her name.
    form = _vif(
        intermediary,
        _her(),
        case,
        documents=[(DocumentKind.IDENTITY, f"{FAMILY} {GIVEN} identity card.pdf")],
        harms=[
            applications.HarmData(
                kind=HarmKind.PSYCHOLOGICAL,
                victim_type=VictimType.INDIRECT,
                relationship=Relationship.SIBLING,
                description=f"Taken with {GIVEN}",
                relative=_person(FAMILY, "Chantha", family_name_km=FAMILY_KM),
            )
        ],
    )
    protected = form.applicant
    applications.document_add(
        actor=legal,
        form=form,
        document=applications.DocumentData(
            kind=DocumentKind.OTHER, **_upload(f"{GIVEN_KM} letter.pdf")
        ),
    )
    application = _admitted(intake, legal, form)
    brother = application.form.harms.get().relative

    # Her brother applied himself, naming her in his account, his wishes, the place of a
    # crime and a harm; the lawyer represents him.
    brother_form = applications.form_create(
        actor=intake,
        existing_applicant=brother,
        content=applications.FormContent(
            form=applications.FormData(
                channel=Channel.IN_PERSON,
                received_on=TODAY,
                account=f"They took my sister {GIVEN} first.",
                reparation_wishes=f"A stupa where {FAMILY_KM} {GIVEN_KM} was taken.",
            ),
            crimes=[
                applications.CrimeData(
                    crime_type_id=CrimeTypeFactory.create().pk,
                    place_description=f"{ALIASES[0][1]}'s field",
                )
            ],
            harms=[
                applications.HarmData(
                    kind=HarmKind.PSYCHOLOGICAL,
                    victim_type=VictimType.DIRECT,
                    description=f"Nightmares since {GIVEN} was taken",
                )
            ],
            requests=[applications.CaseRequest(case_id=case.pk)],
        ),
    )
    brother_application = _admitted(intake, legal, brother_form)
    representation.representation_add(
        actor=chief, application=brother_application, lawyer=lawyer.lawyer, started_on=TODAY
    )

    # The lawyer represented her once; the mandate ended (and told the lawyer so). Then
    # the grouping tool gave her to another lawyer, whose power of attorney bears her name.
    former = representation.representation_add(
        actor=chief,
        application=application,
        lawyer=lawyer.lawyer,
        started_on=TODAY - 10 * DAY,
        power_of_attorney=representation.PowerOfAttorney(**_upload(f"Power {FAMILY} {GIVEN}.pdf")),
    )
    representation.representation_end(
        actor=chief,
        representation=former,
        ended_on=TODAY - DAY,
        reason=f"{GIVEN} chose another lawyer",
    )
    group = representation.group_create(
        actor=legal, case=case, name="Kampong Cham", basis=GroupBasis.LEGAL_TEAM, legal_team="B"
    )
    representation.group_assign(
        actor=legal,
        group=group,
        lawyer=other_lawyer.lawyer,
        application_ids=[application.pk, brother_application.pk],
        end_other_mandates=False,
    )
    mandate = application.representations.get(ended_on=None, lawyer=other_lawyer.lawyer)
    representation.power_of_attorney_attach(
        actor=legal,
        representation=mandate,
        power_of_attorney=representation.PowerOfAttorney(**_upload(f"{GIVEN}-{FAMILY}.pdf")),
    )
    conflict = representation.conflict_declare(
        actor=legal, lawyer=other_lawyer.lawyer, person=protected, description=f"Knew {GIVEN}"
    )

    # Referred to another organisation than the partner's; her brother to the partner's.
    her_referral = support.referral_create(
        actor=outreach,
        person=protected,
        partner=other_partner.organisation,
        service=ServiceType.COUNSELLING,
        referred_on=TODAY - 5 * DAY,
        reason=f"{GIVEN} asked for help",
        new_consent=support.ConsentData(
            given_by=f"{GIVEN} herself", given_on=TODAY - 5 * DAY, covers="counselling"
        ),
    )
    brother_referral = support.referral_create(
        actor=outreach,
        person=brother,
        partner=partner.organisation,
        service=ServiceType.COUNSELLING,
        referred_on=TODAY - 5 * DAY,
        reason=f"Lost his sister {GIVEN_KM}'s husband",
        new_consent=support.ConsentData(
            given_by="himself", given_on=TODAY - 5 * DAY, covers="counselling"
        ),
    )
    contact = support.contact_record(
        actor=outreach,
        person=protected,
        data=support.ContactData(
            channel=ContactChannel.VISIT,
            happened_on=TODAY,
            summary=f"Visited {GIVEN} at home",
            follow_up_on=TODAY,
        ),
    )

    # An older record of hers, protected too, merged into hers; and a near-duplicate the
    # matcher proposes, a woman of another name kept apart by the pair's review.
    merged = person_create(actor=intake, data=_her(birth_year=1951))
    merge = matching.persons_merge(
        actor=legal,
        survivor=protected,
        merged=merged,
        reason=f"Same identity card as {FAMILY} {GIVEN}",
    )
    near = PersonFactory.create(
        family_name_latin=FAMILY,
        given_name_latin="Sreymao",
        family_name_km=FAMILY_KM,
        given_name_km="ស្រីម៉ៅ",
        birth_year=1950,
    )
    run = MatchRun.objects.create(
        started_by=legal, status=RunStatus.DONE, progress=1.0, persons=3, proposed_pairs=1
    )
    low, high = sorted((protected, near), key=lambda p: p.pk)
    candidate = MatchCandidate.objects.create(
        run=run,
        person_a=low,
        person_b=high,
        probability=0.97,
        weight=19.8,
        explanation=[{"field": "given_name", "level": "nearly the same", "weight": 5.3}],
        cluster=1,
    )

    # A reparation project she takes part in, endorsed: its public page is everyone's.
    project = ProjectFactory.create(cases=[case], status=ProjectStatus.IN_IMPLEMENTATION)
    Participation.objects.create(project=project, application=application, recorded_by=chief)
    # Her reparation wish, brought in from her VIF, grouped in a theme.
    VictimInformationForm.objects.filter(pk=form.pk).update(
        reparation_wishes=f"A stupa where {GIVEN}'s parents died"
    )
    bringing_in = consultation.proposal_import_request(user=outreach, case=case)
    theme = consultation.theme_create(
        user=outreach, name="Stupas", case=case, category=Category.REMEMBRANCE
    )
    consultation.proposals_put_in_theme(
        user=outreach, proposals=Proposal.objects.filter(application=application), theme=theme
    )

    # She took part in another the partner carries out; the report on it names her, and
    # so do its photo's file name and caption.
    work = _project_at_work(chief, partner, case, application)
    # She and her brother are drawn for a forum the partner co-organises.
    drawn = _drawn_for_an_event(outreach, partner, case, protected)
    # She came to a forum the partner co-organises: seated, checked in and paid.
    day = _event_day(chief, partner, protected, case)

    ids = {
        "reparations:public_detail": [project.pk],
        **work,
        **drawn,
        **_focal_person(outreach, protected),
        **day,
        "applications:detail": [application.pk, brother_application.pk],
        "applications:form_edit": [form.pk, brother_form.pk],
        "applications:document_download": list(form.documents.values_list("pk", flat=True)),
        "applications:vif_pdf": [application.pk, brother_application.pk],
        "applications:receipt_pdf": [application.pk, brother_application.pk],
        "people:detail": [protected.pk, brother.pk, merged.pk, near.pk],
        "proceedings:case_edit": [case.pk],
        "matching:run_detail": [run.pk],
        "matching:review": [candidate.pk],
        "matching:merge_detail": [merge.pk],
        "representation:lawyer_detail": [lawyer.lawyer.pk, other_lawyer.lawyer.pk],
        "representation:lawyer_caseload": [lawyer.lawyer.pk, other_lawyer.lawyer.pk],
        "representation:lawyer_edit": [other_lawyer.lawyer.pk],
        "representation:case_leads": [case.pk],
        "representation:power_of_attorney_download": [former.pk, mandate.pk],
        "representation:conflict_declare": [application.pk],
        "representation:representation_add": [application.pk],
        "representation:group_list": [case.pk],
        "representation:group_create": [case.pk],
        "representation:grouping_tool": [case.pk],
        "representation:consolidated": [case.pk],
        "representation:group_detail": [group.pk],
        "representation:group_edit": [group.pk],
        "support:referral_detail": [her_referral.pk, brother_referral.pk],
        "support:referral_create": [protected.pk],
        "support:contact_add": [protected.pk],
        "outreach:person_messages": [protected.pk],
        "accounts:user_password_reset": [intake.pk],
        "reparations:proposal_detail": [Proposal.objects.get(application=application).pk],
        "reparations:theme_detail": [theme.pk],
        "reparations:import_detail": [bringing_in.pk],
    }
    # A project of her case: its page draws every area's sections, the participants' too.
    ids["reparations:project_detail"] = [ProjectFactory.create(cases=[case]).pk]
    # An event of her case: its page draws every area of outreach's sections.
    ids["outreach:event_detail"] = [EventFactory.create(cases=[case]).pk]
    del conflict, contact
    return World(
        case=case,
        protected=protected,
        brother=brother,
        merged=merged,
        near=near,
        ids=ids,
        her_pages=[
            f'"{reverse("people:detail", args=[protected.pk])}"',
            f'"{reverse("applications:detail", args=[application.pk])}"',
        ],
    )


def _project_at_work(chief, partner, case, application) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    project = ProjectFactory.create(status=ProjectStatus.IN_IMPLEMENTATION, cases=[case])
    ProjectPartnerFactory.create(project=project, organisation=partner.organisation)
    participation = implementation.participation_add(
        user=chief, project=project, vss_number=application.vss_number
    )
    photo = SimpleUploadedFile(f"{GIVEN} {FAMILY} at the opening.png", PNG)
    checked = check_upload(photo)
    assert checked.file is not None
    report = implementation.progress_report_submit(
        user=chief,
        project=project,
        period_start=TODAY - DAY,
        period_end=TODAY,
        text=f"{FAMILY} {GIVEN} spoke at the opening.",
        language="en",
        files=[
            implementation.CheckedFile(
                upload=checked.file, checked=checked, caption=f"{GIVEN_KM} at the opening"
            )
        ],
    )
    milestone = implementation.milestone_add(
        user=chief, project=project, title=f"Visit to {GIVEN}", due_on=TODAY - DAY
    )
    attachment = report.attachments.get()
    return {
        "reparations:milestone_add": [project.pk],
        "reparations:milestone_done": [milestone.pk],
        "reparations:milestone_archive": [milestone.pk],
        "reparations:report_create": [project.pk],
        "reparations:report_detail": [report.pk],
        "reparations:attachment_download": [attachment.pk],
        "reparations:attachment_archive": [attachment.pk],
        "reparations:attachment_thumbnail": [attachment.pk],
        "reparations:participation_add": [project.pk],
        "reparations:participation_archive": [participation.pk],
        "reparations:evaluation_record": [project.pk],
    }


def _drawn_for_an_event(outreach, partner, case, protected) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    event = EventFactory.create(cases=[case])
    event.co_organisers.add(partner.organisation)
    made = drawn(user=outreach, event=event, size=10)
    invitation = Invitation.objects.get(event=event, person=protected)
    choosing.companion_add(
        user=outreach, invitation=invitation, name="Her daughter", relationship="Daughter"
    )
    return {
        "outreach:invitation_list": [event.pk],
        "outreach:draw_make": [event.pk],
        "outreach:draw_detail": [made.pk],
        "outreach:invitation_detail": [invitation.pk],
    }


def _focal_person(outreach, protected) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """She is her village's focal person: the materials handed to her and the signed list
    she brought back, photographed under a file name that names her."""
    appointed = focal.focal_person_appoint(
        user=outreach, person=protected, appointed_on=TODAY, note=f"{GIVEN} reads for others"
    )
    returned = focal.handover_record(
        user=outreach,
        focal_person=appointed,
        materials=f"Newsletters for {GIVEN}'s neighbours",
        copies=10,
        handed_on=TODAY - DAY,
        receipt_due_on=TODAY - DAY,
    )
    checked = check_upload(SimpleUploadedFile(f"{GIVEN} {FAMILY} signed list.png", PNG))
    assert checked.file is not None
    focal.handover_return_record(
        user=outreach,
        handover=returned,
        returned_on=TODAY,
        receipts_signed=9,
        scan=focal.CheckedScan(upload=checked.file, checked=checked),
        version=0,
    )
    awaited = focal.handover_record(
        user=outreach,
        focal_person=appointed,
        materials=f"Leaflets {GIVEN_KM} hands out",
        copies=10,
        handed_on=TODAY - 2 * DAY,
        receipt_due_on=TODAY - DAY,
    )
    return {
        "outreach:focal_detail": [appointed.pk],
        "outreach:focal_archive": [appointed.pk],
        "outreach:focal_handover_add": [appointed.pk],
        "outreach:focal_handover_return": [awaited.pk],
        "outreach:focal_handover_archive": [awaited.pk],
        "outreach:focal_receipt_download": [returned.scans.get().pk],
    }


def _event_day(chief, partner, protected, case) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    event = EventFactory.create(cases=[case])
    event.co_organisers.add(partner.organisation)
    invitation = InvitationFactory.create(
        event=event,
        person=protected,
        status=InvitationStatus.ACCEPTED,
        accessibility_needs="Walks with a stick",
    )
    logistics.vehicle_add(user=chief, event=event, label="Bus 1", seats=10)
    logistics.accommodation_add(user=chief, event=event, name="Guest house", beds=10)
    logistics.seats_assign(user=chief, event=event)
    logistics.beds_assign(user=chief, event=event)
    attendance.check_in_record(
        user=chief,
        event=event,
        check_in=attendance.CheckIn(key=uuid.uuid4(), invitation_id=invitation.pk),
    )
    return {
        name: [event.pk]
        for name in (
            "outreach:day_logistics",
            "outreach:pick_up_point_add",
            "outreach:vehicle_add",
            "outreach:accommodation_add",
            "outreach:day_attendance",
            "outreach:attendance_sheet",
            "outreach:check_in",
            "outreach:check_in_people",
        )
    }


# URLs with a record in their path that the scan does not read, each with its reason.
# Every other URL with arguments must have its records in World.ids.
NOT_READ = {
    "accounts:api_token_revoke": "POST only; it answers with a redirect to the tokens page",
    # The API answers a token, not the scan's session: vss/api/tests/test_sign_in_rules.py
    # reads its answers for a protected person's names.
    "api:case": "the API, read with a token",
    "api:application": "the API, read with a token",
    "api:application_mandates": "the API, read with a token",
    "api:application_transition": "the API, read with a token",
    "api:document_file": "the API, read with a token",
    "api:person": "the API, read with a token",
    "api:group": "the API, read with a token",
    "api:project": "the API, read with a token",
    "api:event": "the API, read with a token",
    "outreach:invitations_send": "POST only; it answers with a redirect to the invitations",
    "outreach:invitation_reply": "POST only; it answers with a redirect to the invitation",
    "outreach:invitation_needs": "POST only; it answers with a redirect to the invitation",
    "outreach:companion_add": "POST only; it answers with a redirect to the invitation",
    "outreach:invitation_pick_up": "POST only; it answers with a redirect to the invitation",
    "outreach:invitations_reply": "POST only; it answers with a redirect to the invitations",
    "outreach:pick_ups_send": "POST only; it answers with a redirect to the logistics",
    "portal:apply_step": "the visitor's own draft, found by the secret in their cookie",
    "portal:content_edit": "a public page's text: no person",
    "portal:content_history": "a public page's texts and the staff who wrote them",
    "portal:content_preview": "a public page's text as the public will read it",
    "portal:content_publish": "POST only; it answers with a redirect to the text's history",
    "portal:content_restore": "POST only; it answers with a redirect to the text's history",
    "portal:intake_form_detail": "a form's id, state, problems and dates, as JSON: no name",
    "portal:receipt_print": "POST only; a receipt's reference and code, no name",
    "portal:newsletter_confirm": "asks, by a message's token, whether to confirm; names no one",
    "outreach:stop": "asks, by a message's token, whether to stop the messages; names no one",
    "outreach:reach_edit": "POST only; it answers with a redirect to the person",
    "outreach:reach_stop": "POST only; it answers with a redirect to the person",
    "outreach:reach_resume": "POST only; it answers with a redirect to the person",
    "outreach:newsletter_detail": "a newsletter's texts and the counts of its readers",
    "outreach:newsletter_edit": "a newsletter's own form: its texts and its audience",
    "outreach:newsletter_count": "POST only; it answers with a redirect to the newsletter",
    "outreach:newsletter_send": "POST only; it answers with a redirect to the send",
    "outreach:newsletter_archive": "POST only; it answers with a redirect to the list",
    "outreach:newsletter_print_letters": "POST only; a letter names no one, its link stops",
    "outreach:newsletter_print_labels": (
        "POST only; its names are masked as the user may see them, read back in "
        "vss/outreach/tests/test_newsletters_printing.py"
    ),
    "outreach:send_detail": (
        "a send's counts; its failures are named as the user may see them, read in "
        "vss/outreach/tests/test_sends_progress.py"
    ),
    "outreach:send_print_letters": "POST only; a letter names no one, its link stops",
    "outreach:send_print_labels": (
        "POST only; its names are masked as the user may see them, as a newsletter's "
        "labels are (vss/outreach/tests/test_newsletters_printing.py)"
    ),
    "outreach:seats_assign": "POST only; it answers with a redirect to the logistics",
    "outreach:beds_assign": "POST only; it answers with a redirect to the logistics",
    "outreach:check_in_send": "POST only; it answers with each check-in's key and outcome",
    "accounts:user_deactivate": "POST only; it changes an account, shows no person",
    "accounts:user_reactivate": "POST only; it changes an account, shows no person",
    "accounts:user_unlock": "POST only; it changes an account, shows no person",
    "accounts:user_second_factor_reset": "POST only; it changes an account, shows no person",
    "applications:transition": "POST only; it answers with a redirect to the application",
    "applications:document_upload": "POST only; it answers with a redirect to the form",
    "representation:lawyer_decide": "POST only; about a lawyer, not a victim",
    "representation:lawyer_document_upload": "POST only; about a lawyer, not a victim",
    "representation:lawyer_link_account": "POST only; about a lawyer, not a victim",
    "representation:lawyer_document_download": "a lawyer's own CV or bar card, no victim's",
    "representation:lead_appoint": "POST only; about lawyers, not victims",
    "representation:lead_end": "POST only; about lawyers, not victims",
    "representation:representation_end": "POST only; it answers with a redirect",
    "representation:power_of_attorney_attach": "POST only; it answers with a redirect",
    "representation:conflict_lift": "POST only; it answers with a redirect",
    "representation:client_note_add": "POST only; it answers with a redirect",
    "representation:grouping_confirm": "POST only; it answers with a redirect",
    "representation:group_archive": "POST only; it answers with a redirect",
    "notifications:read": "POST only; it answers with a redirect to the notification's link",
    "support:session_add": "POST only; it answers with a redirect to the referral",
    "support:note_add": "POST only; it answers with a redirect to the referral",
    "support:referral_close": "POST only; it answers with a redirect to the referral",
    "support:consent_withdraw": "POST only; it answers with a redirect",
    "support:follow_up_done": "POST only; it answers with a redirect",
    "matching:merge": "POST only; it answers with a redirect",
    "matching:different": "POST only; it answers with a redirect",
    "matching:unmerge": "POST only; it answers with a redirect",
    "reparations:proposal_correct": "POST only; it answers with a redirect to the proposal",
    "reparations:proposal_archive": "POST only; it answers with a redirect",
    "reparations:theme_link_project": "POST only; it answers with a redirect to the theme",
    "exports:job_detail": "an export's page names its list and counts its rows, no person",
    "reparations:attachment_add": "POST only; it answers with a redirect to the report",
    "reparations:project_edit": "a project's own form: titles, cases, groups and its officer",
    "reparations:project_move": "a move's form: dates, reasons and judgments, no person",
    "reparations:partner_add": "about an organisation and its contact person, not a victim",
    "reparations:partner_end": "about an organisation and its contact person, not a victim",
    "reparations:document_add": "an upload form; it answers with a redirect to the project",
    "reparations:document_download": (
        "the Section's and the court's papers on a project, for staff and lawyers only"
    ),
    "reparations:claim_request_add": "a Lead Co-Lawyer's request: names lawyers and cases",
    "reparations:claim_request_withdraw": "a Lead Co-Lawyer's request: names lawyers and cases",
    "reparations:project_funding": "a project's money: its budget, donors, amounts and rates",
    "reparations:donor_edit": "a donor organisation, no person",
    "reparations:budget_line_add": "POST only; it answers with a redirect to the funding",
    "reparations:budget_line_archive": "POST only; it answers with a redirect to the funding",
    "reparations:pledge_add": "POST only; it answers with a redirect to the funding",
    "reparations:payment_add": "POST only; it answers with a redirect to the funding",
    "reparations:pledge_cancel": "POST only; it answers with a redirect to the funding",
    "outreach:event_edit": "an event's own form: titles, dates, place, cases and its officer",
    "outreach:event_status": "a form for the reason an event is cancelled or was held",
    "outreach:event_archive": "a form for the reason an event is archived",
    "outreach:court_date_edit": "a court date's form: its case, kind, date and titles",
    "outreach:court_date_announce": "POST only; it answers with a redirect to the calendar",
    "outreach:court_date_archive": "a form for the reason a court date is archived",
    "exports:job_download": (
        "its requester's alone; each list's file is read back, masked by the requester's "
        "rights, in the tests of exports (vss/*/tests/test_exports.py, test_jobs.py)"
    ),
    "imports:detail": (
        "its uploader's alone (the scan's personas have none); its report, page and file, "
        "is read for a protected person in vss/imports/tests/test_import_flow.py"
    ),
    "imports:report": "as imports:detail, whose report it is as a file",
    "imports:confirm": "POST only; it answers with a redirect to the import",
}


def _starts(world: World) -> Iterator[str]:
    for route in routes():
        if not route.arguments:
            yield reverse(route.name)
        elif route.name in world.ids:
            for value in world.ids[route.name]:
                yield reverse(route.name, kwargs=dict.fromkeys(route.arguments, value))


def test_every_url_with_a_record_is_read_by_the_scan_or_says_why_not(world):
    taking_records: list[Route] = [route for route in routes() if route.arguments]
    unread = {route.name for route in taking_records if route.name not in {*world.ids, *NOT_READ}}
    assert unread == set(), "give the scan a record for these URLs, or the reason it skips them"
    assert set(NOT_READ) & set(world.ids) == set()


class _Links(HTMLParser):
    """The links of a page (a, hx-get, form actions) and its GET forms' text fields."""

    def __init__(self) -> None:
        super().__init__()
        self.links: set[str] = set()
        self.fragments: set[str] = set()
        self.searches: list[tuple[str, list[str]]] = []
        self._form: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.add(a["href"].split("#", 1)[0])
        if a.get("hx-get", "").startswith("/"):
            self.fragments.add(a["hx-get"])
        if tag == "form" and a.get("method", "get").lower() == "get":
            self._form = (a.get("action") or "", [])
        elif (
            tag == "input"
            and self._form is not None
            and a.get("type", "text") in ("text", "search")
            and a.get("name")
        ):
            self._form[1].append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            if self._form[1]:
                self.searches.append(self._form)
            self._form = None


@dataclass(frozen=True)
class Leak:
    persona: str
    url: str
    where: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.persona} GET {self.url}: {self.where}: …{self.excerpt}…"


def _leaks_in(text: str, sent: list[str]) -> Iterator[tuple[str, str]]:
    """(secret spelling, excerpt) for each secret found in `text`, once what the user
    typed (and its encodings) is taken out: a search box shows its own query back."""
    for value in sent:
        for shown in (value, quote_plus(value), quote(value), html.escape(value)):
            text = text.replace(shown, " ")
    key = _key(text)
    for secret in SECRET_KEYS:
        at = key.find(secret)
        if at >= 0:
            yield secret, key[max(0, at - 60) : at + len(secret) + 30]


def _read(response: Any, sent: list[str]) -> Iterator[tuple[str, str]]:
    for header, value in response.headers.items():
        for _secret, excerpt in _leaks_in(unquote(value), sent):
            yield f"header {header}", excerpt
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        body = response.content
    if response.get("Content-Type", "") == "application/pdf":
        # A PDF drawn by VSS: its text as a reader copies it out.
        text = pdf_text(body)
    else:
        text = html.unescape(body.decode("utf-8", "replace"))
    for _secret, excerpt in _leaks_in(text, sent):
        yield "body", excerpt


class Scan:
    """One persona's walk from the start URLs, with every leak met on the way."""

    def __init__(self, client: Client, persona: str, marks: list[str]) -> None:
        self.client = client
        self.persona = persona
        self.marks = marks  # what shows her record: pseudonyms, her pages' addresses
        self.seen: set[tuple[str, bool]] = set()
        self.leaks: list[Leak] = []
        self.requests = 0

    def get(
        self,
        url: str,
        *,
        fragment: bool = False,
        sent: list[str] | None = None,
        control: str | None = None,
    ) -> None:
        if (url, fragment) in self.seen or self.requests >= MOST_REQUESTS:
            return
        if any(part in url for part in NOT_FOLLOWED):
            return
        self.seen.add((url, fragment))
        self.requests += 1
        headers = {"HX-Request": "true"} if fragment else {}
        response = self.client.get(url, headers=headers)
        for where, excerpt in _read(response, sent or []):
            self.leaks.append(Leak(self.persona, url, where, excerpt))
        if control is not None:
            self._compare(url, response, control, headers)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            self.get(response["Location"])
            return
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        page = _Links()
        page.feed(response.content.decode())
        path = urlsplit(url).path
        for action, fields in page.searches:
            control = f"{action or path}?{urlencode(dict.fromkeys(fields, UNKNOWN))}"
            for query in QUERIES:
                target = f"{action or path}?{urlencode(dict.fromkeys(fields, query))}"
                self.get(target, sent=[query], control=control)
        for fragment_url in sorted(page.fragments):
            self.get(fragment_url, fragment=True)
        for link in sorted(page.links):
            self.get(link)

    def live_check(self) -> None:
        """The duplicate check at intake, fed her names as typed on a new form."""
        typed: list[dict[str, str]] = [
            {"applicant-family_name_latin": FAMILY, "applicant-given_name_latin": "sreymom"},
            {"applicant-family_name_latin": "soun", "applicant-given_name_latin": "srey mom"},
            {"applicant-family_name_km": FAMILY_KM, "applicant-given_name_km": GIVEN_KM},
        ]
        for fields in typed:
            fields = {**fields, "applicant-birth_year": "1950"}
            url = f"{reverse('matching:live_check')}?{urlencode(fields)}"
            unknown = {name: UNKNOWN for name in fields if "name" in name}
            control = f"{reverse('matching:live_check')}?{urlencode({**fields, **unknown})}"
            self.get(url, fragment=True, sent=list(fields.values()), control=control)

    def _compare(self, url: str, found: Any, control: str, headers: dict) -> None:
        """A search fed her real name must find nothing more of her than one fed a name
        nobody has: her pseudonym or her record's address in the answer would tell the
        user which record bears the name."""
        self.requests += 1
        nothing = self.client.get(control, headers=headers)
        for mark in self.marks:
            more = found.content.decode().count(mark) - nothing.content.decode().count(mark)
            if more > 0:
                where = f"{more} more of {mark!r} than for a name nobody has"
                self.leaks.append(Leak(self.persona, url, where, "(the search finds her)"))


def _scan(request: pytest.FixtureRequest, world: World, persona: str) -> Scan:
    marks = [world.protected.pseudonym, world.merged.pseudonym, *world.her_pages]
    scan = Scan(signed_in(request, persona), persona, marks)
    scan.live_check()
    for url in _starts(world):
        scan.get(url)
    return scan


def test_the_scan_reads_her_records_as_those_who_may_see_her_would(request, world):
    """The scan finds her name where it is allowed: were it blind (a world without her
    records, a crawl that reads nothing), it would pass on nothing."""
    scan = _scan(request, world, "legal")
    pages = {leak.url.split("?", 1)[0] for leak in scan.leaks}
    assert reverse("people:detail", args=[world.protected.pk]) in pages
    assert any("/documents/" in page for page in pages)  # the file name of her card
    assert any("power-of-attorney" in page for page in pages)
    assert any("than for a name nobody has" in leak.where for leak in scan.leaks)
    assert scan.requests > 50


def test_no_persona_without_the_right_reads_a_protected_persons_name(request, world):
    leaks = [str(leak) for persona in PERSONAS for leak in _scan(request, world, persona).leaks]
    assert leaks == []
