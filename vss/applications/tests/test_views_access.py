"""The access matrix of every page: who gets it (200), whose records stay out of sight
(404), which role is refused (403), which methods are refused (405), CSRF, login, the
audit entries written by reads, and protected identities on every page that names people."""

import html
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import Role
from vss.applications.models import (
    Application,
    Channel,
    DocumentKind,
    Harm,
    HarmKind,
    Status,
    SupportingDocument,
    VictimType,
)
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Kinship, Person, Relationship
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.constants import PASSWORD, PDF
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)
from vss.testing.personas import OUTSIDE, PERSONAS, persona

pytestmark = pytest.mark.django_db

# Of the personas outside the Section, the lawyer represents the applicant of `own`; the
# partner organisation (TPO) has had the same person referred to it; the Lead Co-Lawyer
# of Case 002/02 has no business with either record (see `group` for the Civil Parties
# they do read).


@dataclass
class World:
    own: Application  # entered by the intermediary's organisation (ADHOC)
    other: Application  # entered by another organisation (DC-Cam)
    own_document: SupportingDocument
    other_document: SupportingDocument
    own_relative: Person
    other_relative: Person


def _document(form, user) -> SupportingDocument:
    return SupportingDocument.objects.create(
        form=form,
        kind=DocumentKind.IDENTITY,
        file=ContentFile(PDF, name="identity.pdf"),
        original_name="identity card.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=user,
    )


def _application_entered_by(user, family_name: str) -> Application:
    # A case without a notice date has no deadline: a transition to "received" is on time.
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    form = VifFactory.create(
        applicant=PersonFactory.create(family_name_latin=family_name),
        channel=Channel.INTERMEDIARY,
        intermediary=user.organisation,
        entered_by_organisation=user.organisation,
        created_by=user,
    )
    return ApplicationFactory.create(form=form, case=case)


def _relative_of(person: Person) -> Person:
    relative = PersonFactory.create(
        family_name_latin="RELATIVE", given_name_latin=f"Of {person.pk}"
    )
    Kinship.objects.create(person=person, relative=relative, relationship=Relationship.PARENT)
    return relative


@pytest.fixture
def world(intermediary, other_intermediary, lawyer, partner):
    own = _application_entered_by(intermediary, "OWN")
    other = _application_entered_by(other_intermediary, "OTHER")
    RepresentationFactory.create(application=own, lawyer=lawyer.lawyer)
    ReferralFactory.create(consent__person=own.applicant, partner=partner.organisation)
    return World(
        own=own,
        other=other,
        own_document=_document(own.form, intermediary),
        other_document=_document(other.form, other_intermediary),
        own_relative=_relative_of(own.applicant),
        other_relative=_relative_of(other.applicant),
    )


# --- GET pages -------------------------------------------------------------------------

# url name -> (builder of the url for a record of the intermediary's own organisation,
#              builder for the same kind of record of another organisation, or None)
PAGES = {
    "applications:list": (lambda w: reverse("applications:list"), None),
    "applications:form_create": (lambda w: reverse("applications:form_create"), None),
    "applications:detail": (
        lambda w: reverse("applications:detail", args=[w.own.pk]),
        lambda w: reverse("applications:detail", args=[w.other.pk]),
    ),
    "applications:form_edit": (
        lambda w: reverse("applications:form_edit", args=[w.own.form_id]),
        lambda w: reverse("applications:form_edit", args=[w.other.form_id]),
    ),
    "applications:document_download": (
        lambda w: reverse("applications:document_download", args=[w.own_document.pk]),
        lambda w: reverse("applications:document_download", args=[w.other_document.pk]),
    ),
    "people:detail": (
        lambda w: reverse("people:detail", args=[w.own.applicant_id]),
        lambda w: reverse("people:detail", args=[w.other.applicant_id]),
    ),
    "people:detail (relative)": (
        lambda w: reverse("people:detail", args=[w.own_relative.pk]),
        lambda w: reverse("people:detail", args=[w.other_relative.pk]),
    ),
    "core:home": (lambda w: reverse("core:home"), None),
    "audit:list": (lambda w: reverse("audit:list"), None),
    "geo:village_options": (lambda w: reverse("geo:village_options") + "?q=12", None),
}


def _expect(**by_persona: int) -> dict[str, int]:
    return by_persona


READERS = _expect(
    chief=200,
    intake=200,
    legal=200,
    reparations=200,
    outreach=200,
    auditor=403,
    intermediary=200,
    # A client's file; the Lead Co-Lawyer reads Civil Parties of their case only.
    lawyer=200,
    lead_co_lawyer=404,
    # A partner organisation sees nothing of applications, nor does a donor.
    partner=403,
    donor=403,
)
FORM_EDITORS = _expect(
    chief=200,
    intake=200,
    legal=200,
    reparations=403,
    outreach=403,
    auditor=403,
    intermediary=200,
    lawyer=403,
    lead_co_lawyer=403,
    partner=403,
    donor=403,
)
# A lawyer opens the documents of a client's file, not of anyone else's.
DOCUMENT_READERS = {**FORM_EDITORS, "lawyer": 200, "lead_co_lawyer": 404}
# The partner sees the person referred to it; a lawyer sees the client, not the relatives
# named in the client's form.
PERSON_READERS = {**READERS, "partner": 200}
RELATIVE_READERS = {**READERS, "lawyer": 404, "partner": 404}
GET_MATRIX = AccessMatrix(
    {
        "applications:list": {**READERS, "lead_co_lawyer": 200},
        # Legal officers correct forms but do not enter new ones.
        "applications:form_create": {**FORM_EDITORS, "legal": 403},
        "applications:detail": READERS,
        "applications:form_edit": FORM_EDITORS,
        # Reparations and outreach read applications but never open the documents.
        "applications:document_download": DOCUMENT_READERS,
        "people:detail": PERSON_READERS,
        "people:detail (relative)": RELATIVE_READERS,
        # The auditor has no work queue: home sends them to the audit log. A lawyer's queue
        # is their clients', a partner's its referrals, a donor's the projects it funds.
        "core:home": {
            **READERS,
            "auditor": 302,
            "lead_co_lawyer": 200,
            "partner": 200,
            "donor": 200,
        },
        "audit:list": {**dict.fromkeys(PERSONAS, 403), "auditor": 200},
        "geo:village_options": dict.fromkeys(PERSONAS, 200),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda page: PAGES[page][0](world)) == GET_MATRIX


def test_the_auditor_is_sent_from_home_to_the_audit_log(client, world, auditor):
    client.force_login(auditor)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:list")


SCOPED_PAGES = [page for page, (_own, other) in PAGES.items() if other is not None]


OUT_OF_SCOPE = {
    "intermediary": dict.fromkeys(SCOPED_PAGES, 404),
    # Without the right to edit forms the answer is 403 whoever's form it is.
    "lawyer": {**dict.fromkeys(SCOPED_PAGES, 404), "applications:form_edit": 403},
    "lead_co_lawyer": {**dict.fromkeys(SCOPED_PAGES, 404), "applications:form_edit": 403},
    "partner": {
        **dict.fromkeys(SCOPED_PAGES, 403),
        "people:detail": 404,
        "people:detail (relative)": 404,
    },
    # A donor reads no application nor person, whoever's.
    "donor": dict.fromkeys(SCOPED_PAGES, 403),
}


@pytest.mark.parametrize("who", OUT_OF_SCOPE)
def test_records_outside_the_users_scope_stay_out_of_sight(request, client, world, who):
    client = signed_in(request, who)
    answers = {page: client.get(PAGES[page][1](world)).status_code for page in SCOPED_PAGES}
    assert answers == OUT_OF_SCOPE[who]


def test_staff_open_every_organisations_records(request, client, world):
    client = signed_in(request, "legal")
    answers = {page: client.get(PAGES[page][1](world)).status_code for page in SCOPED_PAGES}
    assert answers == dict.fromkeys(SCOPED_PAGES, 200)


# --- PDFs: the VIF as entered and the acknowledgement of receipt --------------------------


@pytest.fixture
def received(intermediary, other_intermediary, lawyer) -> dict[str, Application]:
    """Received applications (a receipt needs the VSS number a draft lacks): one entered by
    the intermediary's organisation and represented by the lawyer, one by another."""
    own = _application_entered_by(intermediary, "OWN")
    other = _application_entered_by(other_intermediary, "OTHER")
    for number, application in enumerate((own, other), start=1):
        Application.objects.filter(pk=application.pk).update(
            status=Status.RECEIVED, vss_number=f"VSS-004/02-{number:05d}"
        )
    RepresentationFactory.create(application=own, lawyer=lawyer.lawyer)
    return {"own": own, "other": other}


PDF_PAGES = ("applications:vif_pdf", "applications:receipt_pdf")
# The PDFs are files taken away, as the stored documents are.
PDF_MATRIX = AccessMatrix(dict.fromkeys(PDF_PAGES, DOCUMENT_READERS))


def test_each_pdf_answers_each_persona_as_the_policy_says(request, received):
    met = answers(request, PDF_MATRIX, lambda page: reverse(page, args=[received["own"].pk]))
    assert met == PDF_MATRIX


@pytest.mark.parametrize("who", ["intermediary", "lawyer", "lead_co_lawyer", "partner"])
def test_the_pdfs_of_records_outside_the_users_scope_stay_out_of_sight(request, received, who):
    client = signed_in(request, who)
    met = {
        page: client.get(reverse(page, args=[received["other"].pk])).status_code
        for page in PDF_PAGES
    }
    assert met == dict.fromkeys(PDF_PAGES, 403 if who == "partner" else 404)


def test_a_record_that_does_not_exist_answers_404(client, chief):
    client.force_login(chief)
    missing = 999_999
    urls = [
        reverse("applications:detail", args=[missing]),
        reverse("applications:form_edit", args=[missing]),
        reverse("applications:document_download", args=[missing]),
        reverse("applications:vif_pdf", args=[missing]),
        reverse("applications:receipt_pdf", args=[missing]),
        reverse("people:detail", args=[missing]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_the_intermediarys_list_holds_only_its_own_organisations_applications(
    client, world, intermediary
):
    client.force_login(intermediary)
    response = client.get(reverse("applications:list"))
    assert [a.pk for a in response.context["page"].object_list] == [world.own.pk]
    assert reverse("applications:detail", args=[world.other.pk]) not in response.text


def test_the_lawyers_list_holds_only_their_clients_applications(client, world, lawyer):
    # Another application of the same person, for which the lawyer holds no mandate.
    elsewhere = ApplicationFactory.create(
        form=world.own.form, case=CaseFactory.create(number="003"), status=Status.ADMITTED
    )
    client.force_login(lawyer)
    response = client.get(reverse("applications:list"))
    assert [a.pk for a in response.context["page"].object_list] == [world.own.pk]
    assert reverse("applications:detail", args=[world.other.pk]) not in response.text
    assert reverse("applications:detail", args=[elsewhere.pk]) not in response.text
    assert "OTHER" not in response.text
    # Nor found by searching for the name.
    response = client.get(reverse("applications:list"), {"q": "other"})
    assert list(response.context["page"].object_list) == []
    assert client.get(reverse("applications:detail", args=[elsewhere.pk])).status_code == 404
    person = client.get(reverse("people:detail", args=[world.own.applicant_id]))
    assert [a.pk for a in person.context["applications"]] == [world.own.pk]
    assert reverse("applications:detail", args=[elsewhere.pk]) not in person.text


def test_a_lawyer_whose_mandate_ended_sees_the_client_no_more(client, world, lawyer):
    world.own.representations.update(ended_on=timezone.localdate(), end_reason="Replaced")
    client.force_login(lawyer)
    assert list(client.get(reverse("applications:list")).context["page"].object_list) == []
    urls = [
        reverse("applications:detail", args=[world.own.pk]),
        reverse("applications:document_download", args=[world.own_document.pk]),
        reverse("people:detail", args=[world.own.applicant_id]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


@pytest.mark.parametrize("who", ["intermediary", "lawyer"])
def test_the_work_queue_holds_only_the_applications_in_the_users_scope(request, client, world, who):
    for application in (world.own, world.other):
        Application.objects.filter(pk=application.pk).update(
            status=Status.INCOMPLETE, vss_number=f"VSS-004/02-{application.pk:05d}"
        )
    queue = signed_in(request, who).get(reverse("core:home")).context["queue"]
    assert [a.pk for a in queue.incomplete] == [world.own.pk]


def test_the_partners_home_lists_its_own_referrals_and_no_applications(
    client, world, partner, other_partner
):
    ReferralFactory.create(
        consent__person=world.other.applicant, partner=other_partner.organisation
    )
    client.force_login(partner)
    response = client.get(reverse("core:home"))
    assert [r.person_id for r in response.context["open_referrals"]] == [world.own.applicant_id]
    page = html.unescape(response.text)
    assert "OWN" in page and "OTHER" not in page
    assert reverse("applications:list") not in page
    assert reverse("applications:detail", args=[world.own.pk]) not in page


# --- the Lead Co-Lawyer reads the Civil Parties of the case, and writes nothing -------


@dataclass
class Group:
    civil_party: Application  # admitted in Case 002/02, represented by another lawyer
    document: SupportingDocument
    rejected: Application  # applied in Case 002/02 and was refused
    elsewhere: Application  # a Civil Party of another case


@pytest.fixture
def group(world, lead_co_lawyer, other_intermediary):
    def filed(family_name: str, case: str, status: str) -> Application:
        return ApplicationFactory.create(
            form=VifFactory.create(
                applicant=PersonFactory.create(family_name_latin=family_name),
                entered_by_organisation=other_intermediary.organisation,
            ),
            case=CaseFactory.create(number=case),
            status=status,
        )

    civil_party = filed("ADMITTED", "002/02", Status.ADMITTED)
    RepresentationFactory.create(application=civil_party)
    return Group(
        civil_party=civil_party,
        document=_document(civil_party.form, other_intermediary),
        rejected=filed("REFUSED", "002/02", Status.REJECTED),
        elsewhere=filed("ELSEWHERE", "004/02", Status.ADMITTED),
    )


def test_the_lead_co_lawyer_reads_the_civil_parties_of_the_case(client, group, lead_co_lawyer):
    client.force_login(lead_co_lawyer)
    urls = {
        "detail": reverse("applications:detail", args=[group.civil_party.pk]),
        "person": reverse("people:detail", args=[group.civil_party.applicant_id]),
        "document": reverse("applications:document_download", args=[group.document.pk]),
    }
    assert {name: client.get(url).status_code for name, url in urls.items()} == dict.fromkeys(
        urls, 200
    )
    response = client.get(reverse("applications:list"))
    assert [a.pk for a in response.context["page"].object_list] == [group.civil_party.pk]
    page = html.unescape(response.text)
    assert "ADMITTED" in page
    assert not [name for name in ("REFUSED", "ELSEWHERE", "OWN", "OTHER") if name in page]


def test_the_lead_co_lawyer_does_not_see_who_is_not_a_civil_party_of_the_case(
    client, group, lead_co_lawyer
):
    client.force_login(lead_co_lawyer)
    urls = [
        reverse(name, args=[application.pk])
        for application in (group.rejected, group.elsewhere)
        for name in ("applications:detail",)
    ]
    urls += [
        reverse("people:detail", args=[application.applicant_id])
        for application in (group.rejected, group.elsewhere)
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_the_lead_co_lawyer_changes_nothing_in_a_civil_partys_file(client, group, lead_co_lawyer):
    client.force_login(lead_co_lawyer)
    application = group.civil_party
    edit = reverse("applications:form_edit", args=[application.form_id])
    answers = {
        "edit page": client.get(edit).status_code,
        "edit": client.post(edit, {}).status_code,
        "transition": client.post(
            reverse("applications:transition", args=[application.pk]),
            {"to_status": Status.REJECTED},
        ).status_code,
        "upload": client.post(
            reverse("applications:document_upload", args=[application.form_id]), _upload()
        ).status_code,
    }
    assert answers == dict.fromkeys(answers, 403)
    application.refresh_from_db()
    assert application.status == Status.ADMITTED
    assert SupportingDocument.objects.filter(form=application.form).count() == 1
    assert (
        not AuditEntry.objects.exclude(action=AuditAction.VIEW)
        .filter(actor=lead_co_lawyer)
        .exists()
    )
    detail = client.get(reverse("applications:detail", args=[application.pk])).text
    assert reverse("applications:transition", args=[application.pk]) not in detail
    assert reverse("applications:document_upload", args=[application.form_id]) not in detail
    assert edit not in detail


def test_the_menu_offers_only_pages_the_user_may_open(client, world, reparations, auditor):
    client.force_login(reparations)
    page = client.get(reverse("applications:list")).text
    assert reverse("applications:form_create") not in page
    assert reverse("audit:list") not in page
    client.force_login(auditor)
    page = client.get(reverse("audit:list")).text
    assert f'href="{reverse("applications:list")}"' not in page


# --- state-changing URLs ---------------------------------------------------------------


def _upload():
    return {
        "document-kind": DocumentKind.FAMILY_BOOK,
        "document-file": SimpleUploadedFile("book.pdf", PDF, "application/pdf"),
    }


POST_URLS = {
    "applications:transition": lambda w: reverse("applications:transition", args=[w.own.pk]),
    "applications:document_upload": lambda w: reverse(
        "applications:document_upload", args=[w.own.form_id]
    ),
    "applications:form_create": lambda w: reverse("applications:form_create"),
    "applications:form_edit": lambda w: reverse("applications:form_edit", args=[w.own.form_id]),
    "applications:receive_batch": lambda w: reverse("applications:receive_batch"),
}
POST_DATA = {
    # The page as opened after each reset (see _reset).
    "applications:transition": lambda: {"to_status": Status.RECEIVED, "version": 0},
    "applications:document_upload": _upload,
    # An empty VIF: the right is checked first; whoever holds it gets the form back (400).
    "applications:form_create": dict,
    "applications:form_edit": dict,
    "applications:receive_batch": lambda: {
        "application": [Application.objects.get(form__applicant__family_name_latin="OWN").pk]
    },
}
DENIED_FORMS = dict.fromkeys(["reparations", "outreach", "auditor", *OUTSIDE], 403)
POST_MATRIX = AccessMatrix(
    {
        # The intermediary and the client's lawyer may read the application but hold no
        # right to move it; to the Lead Co-Lawyer it is out of sight.
        "applications:transition": {
            **dict.fromkeys(["chief", "intake", "legal"], 302),
            **DENIED_FORMS,
            "intermediary": 403,
            "lead_co_lawyer": 404,
        },
        # A lawyer adds evidence to a client's file.
        "applications:document_upload": {
            **DENIED_FORMS,
            **dict.fromkeys(["chief", "intake", "legal", "intermediary", "lawyer"], 302),
            "lead_co_lawyer": 404,
        },
        # Whoever holds the right gets the empty form back with its errors (400); the
        # rendering of the page for every allowed persona is covered by the GET matrix.
        "applications:form_create": {**DENIED_FORMS, "legal": 403, "intake": 400},
        "applications:form_edit": {**DENIED_FORMS, "intermediary": 400},
        # Receipt of a batch is intake's work, as a receipt is; the batch is sent back
        # to the list with its report.
        "applications:receive_batch": {
            **DENIED_FORMS,
            **dict.fromkeys(["chief", "intake", "legal"], 302),
            "intermediary": 403,
        },
    }
)


def _reset(world: World) -> None:
    Application.objects.filter(pk=world.own.pk).update(
        status=Status.DRAFT, vss_number=None, version=0
    )


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, world):
    met = answers(
        request,
        POST_MATRIX,
        lambda name: POST_URLS[name](world),
        method="post",
        data=lambda attempt: POST_DATA[attempt.row](),
        before_each=lambda: _reset(world),
    )
    assert met == POST_MATRIX


@pytest.mark.parametrize("who", ["reparations", "partner", "lead_co_lawyer", "donor"])
def test_a_status_change_and_an_upload_refused_change_nothing(request, world, who):
    documents = SupportingDocument.objects.count()
    entries = AuditEntry.objects.exclude(action=AuditAction.VIEW).count()
    client = signed_in(request, who)
    client.post(POST_URLS["applications:transition"](world), {"to_status": Status.RECEIVED})
    client.post(POST_URLS["applications:document_upload"](world), _upload())
    world.own.refresh_from_db()
    assert world.own.status == Status.DRAFT
    assert SupportingDocument.objects.count() == documents
    assert AuditEntry.objects.exclude(action=AuditAction.VIEW).count() == entries


def test_an_upload_by_intake_stores_the_document(request, world, intake):
    response = signed_in(request, "intake").post(
        POST_URLS["applications:document_upload"](world), _upload()
    )
    assert response["Location"] == reverse("applications:detail", args=[world.own.pk])
    document = SupportingDocument.objects.get(form=world.own.form, kind=DocumentKind.FAMILY_BOOK)
    assert document.uploaded_by == intake
    assert document.content_type == "application/pdf"
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="applications.supportingdocument"
    )
    assert entry.object_id == str(document.pk)
    assert entry.request_id == response["X-Request-ID"]


OTHER_POST_URLS = {
    "applications:transition": lambda w: reverse("applications:transition", args=[w.other.pk]),
    "applications:document_upload": lambda w: reverse(
        "applications:document_upload", args=[w.other.form_id]
    ),
    "applications:form_edit": lambda w: reverse("applications:form_edit", args=[w.other.form_id]),
}


OTHER_POST_MATRIX = {
    "intermediary": dict.fromkeys(OTHER_POST_URLS, 404),
    # Without the right to edit forms the answer is 403 whoever's form it is.
    "lawyer": {**dict.fromkeys(OTHER_POST_URLS, 404), "applications:form_edit": 403},
    "partner": dict.fromkeys(OTHER_POST_URLS, 403),
    "donor": dict.fromkeys(OTHER_POST_URLS, 403),
}


@pytest.mark.parametrize("who", OTHER_POST_MATRIX)
def test_a_post_to_a_record_outside_the_users_scope_changes_nothing(request, client, world, who):
    client = signed_in(request, who)
    answers = {
        name: client.post(url(world), POST_DATA[name]()).status_code
        for name, url in OTHER_POST_URLS.items()
    }
    assert answers == OTHER_POST_MATRIX[who]
    world.other.refresh_from_db()
    assert world.other.status == Status.DRAFT
    assert SupportingDocument.objects.filter(form=world.other.form).count() == 1


@pytest.mark.parametrize("who", ["chief", "lawyer", "partner"])
def test_get_on_a_state_changing_url_is_405(request, client, world, who):
    client = signed_in(request, who)
    urls = [
        reverse("applications:transition", args=[world.own.pk]),
        reverse("applications:document_upload", args=[world.own.form_id]),
        reverse("accounts:logout"),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 405)
    world.own.refresh_from_db()
    assert world.own.status == Status.DRAFT


def test_read_only_pages_refuse_other_methods(client, world, chief, auditor):
    attempts = [
        (chief, "post", reverse("applications:list")),
        (chief, "post", reverse("applications:detail", args=[world.own.pk])),
        (chief, "delete", reverse("applications:detail", args=[world.own.pk])),
        (chief, "put", reverse("applications:form_edit", args=[world.own.form_id])),
        (chief, "post", reverse("applications:document_download", args=[world.own_document.pk])),
        (chief, "post", reverse("people:detail", args=[world.own.applicant_id])),
        (chief, "post", reverse("core:home")),
        (chief, "post", reverse("geo:village_options")),
        (auditor, "post", reverse("audit:list")),
    ]
    answers = {}
    for user, method, url in attempts:
        client.force_login(user)
        answers[(method, url)] = getattr(client, method)(url).status_code
    assert answers == {(method, url): 405 for _user, method, url in attempts}


# --- CSRF ------------------------------------------------------------------------------

CSRF_URLS = {**POST_URLS, "accounts:logout": lambda w: reverse("accounts:logout")}


def test_a_post_without_the_csrf_token_is_refused(chief, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    documents = SupportingDocument.objects.count()
    answers = {
        name: client.post(url(world), POST_DATA.get(name, dict)()).status_code
        for name, url in CSRF_URLS.items()
    }
    assert answers == dict.fromkeys(CSRF_URLS, 403)
    world.own.refresh_from_db()
    assert world.own.status == Status.DRAFT
    assert SupportingDocument.objects.count() == documents
    # Still signed in: the logout did not happen either.
    assert client.get(reverse("core:home")).status_code == 200


def test_a_lawyers_upload_without_the_csrf_token_is_refused(world, lawyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer)
    response = client.post(POST_URLS["applications:document_upload"](world), _upload())
    assert response.status_code == 403
    assert SupportingDocument.objects.filter(form=world.own.form).count() == 1


def test_a_lawyers_upload_to_a_clients_file_is_stored(request, world, lawyer):
    response = signed_in(request, "lawyer").post(
        POST_URLS["applications:document_upload"](world), _upload()
    )
    assert response["Location"] == reverse("applications:detail", args=[world.own.pk])
    document = SupportingDocument.objects.get(form=world.own.form, kind=DocumentKind.FAMILY_BOOK)
    assert document.uploaded_by == lawyer


def test_a_sign_in_without_the_csrf_token_is_refused(chief):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "chief", "password": PASSWORD})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(chief, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    client.get(reverse("applications:detail", args=[world.own.pk]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("applications:transition", args=[world.own.pk]),
        {"to_status": Status.RECEIVED, "version": world.own.version, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.status == Status.RECEIVED


# --- anonymous users, health check, sign-in and sign-out ---------------------------------


def _signed_in(client) -> bool:
    # A staff page, not the root: the root answers everyone, with the public site.
    return client.get(reverse("applications:list")).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_the_login_page(client, world, method):
    # The root is the public site for anyone not signed in (vss/portal tests it); every
    # other staff page sends them to sign in.
    urls = [own(world) for name, (own, _other) in PAGES.items() if name != "core:home"]
    urls += [url(world) for url in POST_URLS.values()]
    login = reverse("accounts:login")
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{login}?next={quote(url)}", url
    world.own.refresh_from_db()
    assert world.own.status == Status.DRAFT
    assert not AuditEntry.objects.filter(action__in=[AuditAction.VIEW, AuditAction.DOWNLOAD])


def test_healthz_answers_json_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_login_page_opens_without_login(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'name="password"' in response.text


def test_a_signed_in_user_opening_the_login_page_goes_home(client, intake):
    client.force_login(intake)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_successful_sign_in_is_audited(client, intake):
    response = client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == intake
    assert entry.actor_username == "intake"
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(intake.pk)
    assert entry.ip_address == "127.0.0.1"
    assert entry.request_id == response["X-Request-ID"]
    assert client.get(reverse("core:home")).status_code == 200


def test_a_failed_sign_in_is_audited_and_signs_nobody_in(client, intake):
    response = client.post(
        reverse("accounts:login"), {"username": "intake", "password": "wrong password"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.text
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor is None
    assert entry.object_label == "intake"
    assert entry.ip_address == "127.0.0.1"
    assert entry.request_id == response["X-Request-ID"]
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()
    assert not _signed_in(client)


def test_sign_out_is_post_only_and_audited(client, intake):
    client.force_login(intake)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("core:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.actor == intake
    assert entry.object_id == str(intake.pk)
    assert entry.request_id == response["X-Request-ID"]
    assert not _signed_in(client)


def test_an_inactive_user_cannot_sign_in(client, intake):
    intake.is_active = False
    intake.save(update_fields=["is_active"])
    response = client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).exists()
    assert not _signed_in(client)


# --- every read of a detail and every download leaves an audit entry ------------------


READS = {
    "application": (
        lambda w: reverse("applications:detail", args=[w.own.pk]),
        AuditAction.VIEW,
        "applications.application",
        lambda w: w.own.pk,
    ),
    "person": (
        lambda w: reverse("people:detail", args=[w.own.applicant_id]),
        AuditAction.VIEW,
        "people.person",
        lambda w: w.own.applicant_id,
    ),
    "document": (
        lambda w: reverse("applications:document_download", args=[w.own_document.pk]),
        AuditAction.DOWNLOAD,
        "applications.supportingdocument",
        lambda w: w.own_document.pk,
    ),
}


def test_each_read_writes_an_audit_entry(request, client, world):
    for read, (url, action, object_type, object_id) in READS.items():
        for who in ("intake", "intermediary", "lawyer"):
            client = signed_in(request, who)
            user = request.getfixturevalue(who)
            response = client.get(url(world))
            assert response.status_code == 200, (read, who)
            entry = AuditEntry.objects.get(action=action, object_type=object_type, actor=user)
            assert entry.actor_username == user.username
            assert entry.object_id == str(object_id(world))
            assert entry.ip_address == "127.0.0.1"
            assert entry.request_id
            assert entry.request_id == response["X-Request-ID"], (read, who)
            # A reference, never a name.
            assert "OWN" not in entry.object_label


def test_the_request_id_from_the_proxy_is_kept_in_the_entry_beside_the_servers(
    client, world, legal
):
    client.force_login(legal)
    response = client.get(
        reverse("applications:detail", args=[world.own.pk]),
        headers={"X-Request-ID": "proxy-req.42"},
        REMOTE_ADDR="10.1.2.3",
    )
    # The id is the server's: a client could otherwise give its requests another's id.
    assert response["X-Request-ID"] != "proxy-req.42"
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.request_id == response["X-Request-ID"]
    assert entry.client_request_id == "proxy-req.42"
    assert entry.ip_address == "10.1.2.3"


def test_a_malformed_request_id_is_replaced(client, world, legal):
    client.force_login(legal)
    response = client.get(
        reverse("applications:detail", args=[world.own.pk]),
        headers={"X-Request-ID": "<script>alert(1)</script>"},
    )
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.request_id == response["X-Request-ID"]
    assert entry.client_request_id == ""


def test_each_request_gets_its_own_id(client, world, legal):
    client.force_login(legal)
    url = reverse("applications:detail", args=[world.own.pk])
    first, second = client.get(url), client.get(url)
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert set(AuditEntry.objects.values_list("request_id", flat=True)) == {
        first["X-Request-ID"],
        second["X-Request-ID"],
    }


def test_a_download_serves_the_file_as_an_attachment_not_cached(client, world, intake):
    client.force_login(intake)
    response = client.get(reverse("applications:document_download", args=[world.own_document.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"


def test_a_refused_read_writes_no_view_entry(request, client, world):
    signed_in(request, "intermediary").get(reverse("applications:detail", args=[world.other.pk]))
    signed_in(request, "reparations").get(
        reverse("applications:document_download", args=[world.own_document.pk])
    )
    signed_in(request, "auditor").get(reverse("people:detail", args=[world.own.applicant_id]))
    signed_in(request, "lawyer").get(reverse("applications:detail", args=[world.other.pk]))
    signed_in(request, "lawyer").get(reverse("people:detail", args=[world.own_relative.pk]))
    signed_in(request, "partner").get(reverse("applications:detail", args=[world.own.pk]))
    signed_in(request, "partner").get(reverse("people:detail", args=[world.other.applicant_id]))
    assert not AuditEntry.objects.filter(action__in=[AuditAction.VIEW, AuditAction.DOWNLOAD])


def test_an_archived_document_cannot_be_downloaded(client, world, chief):
    SupportingDocument.objects.filter(pk=world.own_document.pk).update(
        archived_at=timezone.now(), archived_by=chief, archive_reason="scanned twice"
    )
    client.force_login(chief)
    url = reverse("applications:document_download", args=[world.own_document.pk])
    assert client.get(url).status_code == 404


# --- protected identities --------------------------------------------------------------

REAL_NAMES = ["CHHUON", "Sreypov", "ឈួន", "ស្រីពៅ", "NHEM"]
PSEUDONYM = "Witness TCW-7"
WITHOUT_RIGHT = ["intake", "reparations", "outreach", "intermediary"]
WITH_RIGHT = ["chief", "legal"]


@pytest.fixture
def protected(intermediary, lawyer, partner):
    """A protected applicant, entered by the intermediary's organisation, incomplete so
    that the work queue shows it, with a relative and an alias; the lawyer represents
    them and they were referred to the partner organisation."""
    village = VillageFactory.create()
    person = PersonFactory.create(
        family_name_km="ឈួន",
        given_name_km="ស្រីពៅ",
        family_name_latin="CHHUON",
        given_name_latin="Sreypov",
        village=village,
        is_protected=True,
        pseudonym=PSEUDONYM,
        names=[("NHEM", "Sreypov")],
    )
    form = VifFactory.create(
        applicant=person,
        channel=Channel.INTERMEDIARY,
        intermediary=intermediary.organisation,
        entered_by_organisation=intermediary.organisation,
        created_by=intermediary,
    )
    application = ApplicationFactory.create(
        form=form,
        case=CaseFactory.create(number="004/02", investigation_closed_on=None),
        status=Status.INCOMPLETE,
    )
    RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    ReferralFactory.create(consent__person=person, partner=partner.organisation)
    return application


def _protected_pages(application) -> dict[str, str]:
    return {
        "list": reverse("applications:list"),
        "search by pseudonym": reverse("applications:list") + "?q=TCW-7",
        "detail": reverse("applications:detail", args=[application.pk]),
        "person": reverse("people:detail", args=[application.applicant_id]),
        "work queue": reverse("core:home"),
    }


def _title(page: str) -> str:
    return page.split("<title>", 1)[1].split("</title>", 1)[0]


def test_without_the_right_only_the_pseudonym_is_shown(request, client, protected):
    pages = _protected_pages(protected)
    for who in WITHOUT_RIGHT:
        client = signed_in(request, who)
        for name, url in pages.items():
            page = html.unescape(client.get(url).text)
            assert PSEUDONYM in page, (who, name)
            leaked = [real for real in REAL_NAMES if real in page]
            assert not leaked, (who, name, leaked)
            if name in ("detail", "person"):
                assert PSEUDONYM in _title(page), (who, name)


def test_with_the_right_the_real_name_is_shown(request, client, protected):
    for who in WITH_RIGHT:
        client = signed_in(request, who)
        for name, url in _protected_pages(protected).items():
            page = html.unescape(client.get(url).text)
            assert "CHHUON" in page, (who, name)
            assert "ឈួន" in page, (who, name)
            if name in ("detail", "person"):
                assert "CHHUON" in _title(page), (who, name)
                assert PSEUDONYM not in _title(page), (who, name)


def test_the_clients_lawyer_and_the_partner_it_was_referred_to_know_the_name(
    client, protected, lawyer, partner
):
    """Protective measures keep a name from the public and the defence, not from the
    person's own lawyer nor from the partner they agreed to be referred to."""
    client.force_login(lawyer)
    for name, url in _protected_pages(protected).items():
        page = html.unescape(client.get(url).text)
        assert "CHHUON" in page, ("lawyer", name)
    client.force_login(partner)
    for url in [reverse("people:detail", args=[protected.applicant_id]), reverse("core:home")]:
        page = html.unescape(client.get(url).text)
        assert "CHHUON" in page, ("partner", url)


REAL_NAME_QUERIES = ["Chhuon", "Chuon Sreypov", "ឈួន", "Nhem"]


def test_without_the_right_a_protected_person_is_found_by_pseudonym_only(
    request, client, protected
):
    detail = reverse("applications:detail", args=[protected.pk])
    for who in WITHOUT_RIGHT:
        client = signed_in(request, who)
        for query in REAL_NAME_QUERIES:
            response = client.get(reverse("applications:list"), {"q": query})
            assert response.status_code == 200
            assert protected not in response.context["page"].object_list, (who, query)
            assert detail not in response.text, (who, query)
        response = client.get(reverse("applications:list"), {"q": "TCW-7"})
        assert list(response.context["page"].object_list) == [protected], who


def test_with_the_right_a_protected_person_is_found_by_real_name_and_pseudonym(
    request, client, protected
):
    # The client's lawyer knows the name as well as the staff with the right.
    for who in [*WITH_RIGHT, "lawyer"]:
        client = signed_in(request, who)
        for query in [*REAL_NAME_QUERIES, "TCW-7"]:
            response = client.get(reverse("applications:list"), {"q": query})
            assert list(response.context["page"].object_list) == [protected], (who, query)


def test_a_protected_relative_is_not_named_on_the_applicants_pages(request, world, intermediary):
    """Neither the relative's name nor their pseudonym: the pseudonym beside the
    applicant's name, which the relative shares, would point to the protected person."""
    relative = world.own_relative
    Person.objects.filter(pk=relative.pk).update(
        is_protected=True, pseudonym="Relative TCW-8", family_name_latin="SECRETFAMILY"
    )
    for who in [*WITHOUT_RIGHT, "lawyer"]:
        page = signed_in(request, who).get(reverse("people:detail", args=[world.own.applicant_id]))
        assert "Relative TCW-8" not in page.text
        assert "SECRETFAMILY" not in page.text
        assert "Parent" in page.text
        assert reverse("people:detail", args=[relative.pk]) not in page.text
    page = signed_in(request, "legal").get(reverse("people:detail", args=[world.own.applicant_id]))
    assert "SECRETFAMILY" in page.text


@pytest.mark.parametrize("who", ["intake", "intermediary"])
def test_the_edit_form_names_neither_a_protected_relative_nor_a_protected_applicants_kin(
    request, world, protected, who
):
    """The edit form shows the applicant's own fields and none of the harms on file, so a
    protected relative is not named there; a protected applicant's form, whose inputs
    would hold the real names, is not opened by those without the right (403)."""
    relative = world.own_relative
    Person.objects.filter(pk=relative.pk).update(
        is_protected=True, pseudonym="Relative TCW-8", family_name_latin="SECRETFAMILY"
    )
    client = signed_in(request, who)
    page = client.get(reverse("applications:form_edit", args=[world.own.form_id]))
    assert page.status_code == 200
    assert "SECRETFAMILY" not in page.text and "Relative TCW-8" not in page.text
    kin = _relative_of(protected.applicant)
    refused = client.get(reverse("applications:form_edit", args=[protected.form_id]))
    assert refused.status_code == 403
    assert kin.family_name_latin not in refused.text and "CHHUON" not in refused.text


@pytest.mark.parametrize("who", ["intermediary", "lawyer", "partner"])
def test_a_person_page_does_not_name_those_outside_the_users_scope_who_named_the_person(
    request, world, who
):
    """Another organisation's applicant named the lawyer's client (the intermediary's
    applicant, the person referred to the partner) as a relative: that applicant's name
    and record are not the user's to see."""
    Kinship.objects.create(
        person=world.other.applicant, relative=world.own.applicant, relationship=Relationship.CHILD
    )
    response = signed_in(request, who).get(reverse("people:detail", args=[world.own.applicant_id]))
    assert response.status_code == 200
    assert "OTHER" not in response.text
    assert reverse("people:detail", args=[world.other.applicant_id]) not in response.text
    page = signed_in(request, "legal").get(reverse("people:detail", args=[world.own.applicant_id]))
    assert reverse("people:detail", args=[world.other.applicant_id]) in page.text


@pytest.mark.parametrize("who", ["intake", "intermediary"])
def test_without_the_right_the_edit_form_does_not_reveal_the_real_name(request, protected, who):
    page = signed_in(request, who).get(reverse("applications:form_edit", args=[protected.form_id]))
    assert page.status_code in (200, 403)
    for real in REAL_NAMES:
        assert real not in html.unescape(page.text)


def test_personas_cover_every_role(db):
    assert {persona(role).role for role in Role} == set(Role)


# --- a protected person's files ------------------------------------------------------------

# The identity scan shows the face and the name: only those who may see the identity open
# a protected applicant's documents (the right, the client's own lawyer); intake and the
# intermediary that entered the form download others' documents but not these.
PROTECTED_DOCUMENT_MATRIX = AccessMatrix(
    {
        "applications:document_download (protected)": {
            **DOCUMENT_READERS,
            "intake": 403,
            "intermediary": 403,
        }
    }
)


def test_a_protected_applicants_documents_open_only_to_who_may_see_the_identity(
    request, protected, intermediary
):
    document = _document(protected.form, intermediary)
    url = reverse("applications:document_download", args=[document.pk])
    assert answers(request, PROTECTED_DOCUMENT_MATRIX, lambda row: url) == (
        PROTECTED_DOCUMENT_MATRIX
    )


@pytest.mark.parametrize("who", ["intake", "intermediary"])
def test_a_protected_applicants_documents_are_not_offered_without_the_identity(
    request, protected, intermediary, who
):
    document = _document(protected.form, intermediary)
    url = reverse("applications:document_download", args=[document.pk])
    page = signed_in(request, who).get(reverse("applications:detail", args=[protected.pk]))
    assert page.status_code == 200
    assert url not in page.text
    assert "identity card.pdf" not in page.text
    for offered_to in ("legal", "lawyer"):
        page = signed_in(request, offered_to).get(
            reverse("applications:detail", args=[protected.pk])
        )
        assert url in page.text, offered_to


def test_the_lead_co_lawyer_does_not_open_a_protected_civil_partys_documents(
    client, group, lead_co_lawyer
):
    """The Lead Co-Lawyer reads the whole consolidated group but represents only their
    own clients: a protected Civil Party of another lawyer is known to them by pseudonym."""
    Person.objects.filter(pk=group.civil_party.applicant_id).update(
        is_protected=True, pseudonym="Civil Party TCW-9"
    )
    client.force_login(lead_co_lawyer)
    url = reverse("applications:document_download", args=[group.document.pk])
    assert client.get(url).status_code == 403
    page = client.get(reverse("applications:detail", args=[group.civil_party.pk]))
    assert page.status_code == 200
    assert url not in page.text
    assert not AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_id=str(group.document.pk)
    ).exists()


# --- a protected person's relatives ---------------------------------------------------------


@pytest.fixture
def sibling(protected):
    """A sibling of the protected applicant, who shares the family name, named in a harm
    of the applicant's form as well as in their family."""
    sibling = PersonFactory.create(family_name_latin="CHHUON", given_name_latin="Chantha")
    Kinship.objects.create(
        person=protected.applicant, relative=sibling, relationship=Relationship.SIBLING
    )
    Harm.objects.create(
        form=protected.form,
        kind=HarmKind.PHYSICAL,
        victim_type=VictimType.INDIRECT,
        relative=sibling,
        relationship=Relationship.SIBLING,
    )
    return sibling


@pytest.mark.parametrize("who", WITHOUT_RIGHT)
def test_a_protected_persons_relatives_are_shown_by_relationship_only(
    request, protected, sibling, who
):
    client = signed_in(request, who)
    person_url = reverse("people:detail", args=[protected.applicant_id])
    sibling_url = reverse("people:detail", args=[sibling.pk])
    for url in (person_url, reverse("applications:detail", args=[protected.pk])):
        page = html.unescape(client.get(url).text)
        assert "Chantha" not in page, (who, url)
        assert sibling_url not in page, (who, url)
        assert "Sibling" in page, (who, url)
    # On the sibling's page (their own name, not protected): a sibling, but not whose.
    response = client.get(sibling_url)
    if response.status_code == 200:
        page = html.unescape(response.text)
        assert "Chantha" in page
        assert PSEUDONYM not in page, who
        assert person_url not in page, who
        assert "is the sibling of" in page, who


def test_with_the_right_a_protected_persons_relatives_are_named(request, protected, sibling):
    client = signed_in(request, "legal")
    person_url = reverse("people:detail", args=[protected.applicant_id])
    sibling_url = reverse("people:detail", args=[sibling.pk])
    for url in (person_url, reverse("applications:detail", args=[protected.pk])):
        assert "CHHUON Chantha" in html.unescape(client.get(url).text), url
    assert sibling_url in client.get(person_url).text
    page = html.unescape(client.get(sibling_url).text)
    assert person_url in page and "CHHUON Sreypov" in page
