"""Entering a Victim Information Form through the page, as intake officers and
intermediaries do it: the whole multipart form, the records it creates, finding it again,
correcting it, refusing bad input with a clear message, and moving the application."""

import html
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import (
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
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Kinship, Person, PersonName, Relationship
from vss.proceedings.models import Case, CrimeType
from vss.testing.constants import PDF, PNG
from vss.testing.factories import (
    CaseFactory,
    CrimeSiteFactory,
    CrimeTypeFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


# The start of a Windows executable: "MZ", then the DOS header.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


@dataclass
class Reference:
    case: Case
    other_case: Case
    crime_type: CrimeType
    adhoc_id: int


@pytest.fixture
def ref(intermediary) -> Reference:
    VillageFactory.create()
    CrimeSiteFactory.create()
    # 004/02 has no notice date yet, so no deadline; 002/02 closed in 2010.
    case = CaseFactory.create(number="004/02", title="Case 004/02", investigation_closed_on=None)
    other_case = CaseFactory.create(number="002/02")
    return Reference(
        case=case,
        other_case=other_case,
        crime_type=CrimeTypeFactory.create(),
        adhoc_id=intermediary.organisation_id,
    )


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def vif_data(
    ref: Reference, overrides: dict[str, object] | None = None, *, document: bool = False
) -> dict:
    """What the browser sends for a full VIF: Khmer and Latin names, an alias, a crime,
    a direct harm and an indirect one naming the applicant's father."""
    data: dict[str, object] = {
        "applicant-family_name_km": "សុខ",
        "applicant-given_name_km": "ជា",
        "applicant-family_name_latin": "SOK",
        "applicant-given_name_latin": "Chea",
        "applicant-aliases": "NHEM Sokha",
        "applicant-sex": "female",
        "applicant-birth_date": "",
        "applicant-birth_year": "1950",
        "applicant-birth_year_margin": "2",
        "applicant-ethnicity": "khmer",
        "applicant-village": "12010101 — Phum 1, Tonle Basak, Chamkar Mon, Phnom Penh",
        "applicant-phone": "012 345 678",
        "applicant-pseudonym": "",
        "filing-channel": Channel.INTERMEDIARY,
        "filing-intermediary": str(ref.adhoc_id),
        "filing-received_on": "2024-03-01",
        "filing-signed_on": "2024-02-28",
        "filing-signature": "thumbprint",
        "filing-consent_share_with_court": "on",
        "filing-consent_contact": "on",
        "filing-account": "We were moved to Kampong Cham in 1975.",
        "filing-reparation_wishes": "A stupa in the village.",
        f"cases-case_{ref.case.pk}": ApplicationKind.CIVIL_PARTY,
        f"cases-case_{ref.other_case.pk}": "",
        **_management("crimes", 1),
        "crimes-0-crime_type": str(ref.crime_type.pk),
        "crimes-0-crime_site": "",
        "crimes-0-village": "12010101",
        "crimes-0-place_description": "near the pagoda",
        "crimes-0-from_year": "1975",
        "crimes-0-to_year": "1979",
        **_management("harms", 2),
        "harms-0-kind": "psychological",
        "harms-0-victim_type": VictimType.DIRECT,
        "harms-0-description": "Nightmares since 1977.",
        "harms-0-relationship": "",
        "harms-1-kind": "physical",
        "harms-1-victim_type": VictimType.INDIRECT,
        "harms-1-description": "Father taken away in 1977.",
        "harms-1-relationship": Relationship.PARENT,
        "harms-1-relative_family_name_km": "សុខ",
        "harms-1-relative_given_name_km": "ហេង",
        "harms-1-relative_family_name_latin": "SOK",
        "harms-1-relative_given_name_latin": "Heng",
        **_management("documents", 1),
        "documents-0-kind": "",
    }
    if document:
        data["documents-0-kind"] = "identity"
        data["documents-0-file"] = SimpleUploadedFile("id card.png", PNG, "image/png")
    data.update(overrides or {})
    return data


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Person,
            VictimInformationForm,
            Application,
            SupportingDocument,
            AuditEntry,
            Kinship,
            Harm,
            CrimeSuffered,
        )
    }


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _create(
    client: Client,
    ref: Reference,
    overrides: dict[str, object] | None = None,
    *,
    document: bool = False,
):
    return client.post(
        reverse("applications:form_create"), vif_data(ref, overrides, document=document)
    )


# --- a complete VIF ----------------------------------------------------------------------


def test_intake_enters_a_complete_vif(intake, ref):
    before = _counts()
    client = _logged_in(intake)
    response = _create(client, ref, document=True)

    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.case == ref.case
    assert application.kind == ApplicationKind.CIVIL_PARTY
    assert application.status == Status.DRAFT
    assert application.province_code == "12"

    form = application.form
    assert form.channel == Channel.INTERMEDIARY
    assert form.intermediary_id == ref.adhoc_id
    assert form.entered_by_organisation is None  # staff entered it
    assert form.created_by == intake
    assert str(form.received_on) == "2024-03-01"
    assert form.signature == "thumbprint"
    assert form.consent_share_with_court and form.consent_contact
    assert not form.consent_publish_name

    applicant = form.applicant
    assert (applicant.family_name_km, applicant.given_name_km) == ("សុខ", "ជា")
    assert (applicant.family_name_latin, applicant.given_name_latin) == ("SOK", "Chea")
    assert (applicant.birth_year, applicant.birth_year_margin) == (1950, 2)
    assert applicant.village_id == "12010101"
    aliases = PersonName.objects.filter(person=applicant, is_alias=True)
    assert [(n.family_name, n.given_name) for n in aliases] == [("NHEM", "Sokha")]

    crime = CrimeSuffered.objects.get(form=form)
    assert (crime.crime_type, crime.village_id, crime.from_year, crime.to_year) == (
        ref.crime_type,
        "12010101",
        1975,
        1979,
    )

    direct, indirect = Harm.objects.filter(form=form).order_by("id")
    assert direct.victim_type == VictimType.DIRECT and direct.relative is None
    assert indirect.victim_type == VictimType.INDIRECT
    relative = indirect.relative
    assert (relative.family_name_latin, relative.given_name_latin) == ("SOK", "Heng")
    assert relative.given_name_km == "ហេង"
    kinship = Kinship.objects.get(person=applicant)
    assert (kinship.relative, kinship.relationship) == (relative, Relationship.PARENT)

    document = SupportingDocument.objects.get(form=form)
    assert document.kind == "identity"
    assert document.original_name == "id card.png"
    assert document.content_type == "image/png"
    assert document.size == len(PNG)
    # The stored name carries nothing of the uploaded one.
    assert "id card" not in document.file.name and document.file.name.endswith(".png")
    with document.file.open("rb") as stored:
        assert stored.read() == PNG

    after = _counts()
    assert after["Person"] - before["Person"] == 2
    assert after["Kinship"] - before["Kinship"] == 1
    assert after["VictimInformationForm"] - before["VictimInformationForm"] == 1
    assert after["SupportingDocument"] - before["SupportingDocument"] == 1
    # Every record written is in the log, with who and from which request.
    entries = AuditEntry.objects.filter(action=AuditAction.CREATE)
    assert sorted(entries.values_list("object_type", flat=True)) == sorted(
        [
            "applications.application",
            "applications.supportingdocument",
            "applications.victiminformationform",
            "people.kinship",
            "people.person",
            "people.person",
        ]
    )
    assert set(entries.values_list("actor", flat=True)) == {intake.pk}
    assert set(entries.values_list("request_id", flat=True)) == {response["X-Request-ID"]}

    # The detail page shows what was entered.
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    page = html.unescape(detail.text)
    for shown in ("សុខ ជា", "SOK Chea", "NHEM Sokha", "Phum 1", "Murder", "SOK Heng", "Parent"):
        assert shown in page
    assert "We were moved to Kampong Cham in 1975." in page
    assert reverse("applications:document_download", args=[document.pk]) in page


@pytest.fixture
def entered(intake, ref) -> Application:
    response = _create(_logged_in(intake), ref)
    assert response.status_code == 302, response.content
    return Application.objects.get()


FINDING_QUERIES = [
    "Sokh",  # a romanisation variant of SOK
    "sok chea",
    "SOKH Chear",
    "Chea Sok",  # either order
    "សុខ",  # Khmer script
    "សុខ ជា",
    "Nhem",  # the alias
    "Nhem Sokha",
]
# "Heng" is the relative: the list searches applicants, not everyone named in a form.
MISSING_QUERIES = ["Heng", "Dara", "ដារា", "Sok Dara"]


def test_the_list_finds_the_applicant_by_spelling_variant_script_and_alias(client, intake, entered):
    client.force_login(intake)
    for query in FINDING_QUERIES:
        response = client.get(reverse("applications:list"), {"q": query})
        assert list(response.context["page"].object_list) == [entered], query
        assert reverse("applications:detail", args=[entered.pk]) in response.text, query
    for query in MISSING_QUERIES:
        response = client.get(reverse("applications:list"), {"q": query})
        assert list(response.context["page"].object_list) == [], query
        assert "No application matches." in response.text, query


def test_the_htmx_search_returns_only_the_results(client, intake, entered):
    client.force_login(intake)
    response = client.get(
        reverse("applications:list"), {"q": "Sokh"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert reverse("applications:detail", args=[entered.pk]) in response.text


# --- correcting a VIF --------------------------------------------------------------------


def _edit_data(ref: Reference, overrides: dict[str, object] | None = None, *, form_id: int) -> dict:
    """The edit page as the browser sends it back: the recorded crime, no new harm, and
    the versions of the form and its applicant as the page was opened now."""
    data = vif_data(ref, {**_management("crimes", 1, initial=1), **_management("harms", 1)})
    for key in [k for k in data if k.startswith("harms-1-")]:
        del data[key]
    data.update(
        {
            "harms-0-kind": "",
            "harms-0-victim_type": VictimType.DIRECT,
            "harms-0-description": "",
            "harms-0-relationship": "",
        }
    )
    vif = VictimInformationForm.objects.select_related("applicant").get(pk=form_id)
    data.update({"filing-version": vif.version, "applicant-version": vif.applicant.version})
    data.update(overrides or {})
    return data


def test_the_edit_page_shows_the_recorded_values(client, intake, entered, ref):
    client.force_login(intake)
    response = client.get(reverse("applications:form_edit", args=[entered.form_id]))
    assert response.status_code == 200
    page = response.text
    for value in ("SOK", "Chea", "សុខ", "ជា", "1950", "2024-03-01", "near the pagoda"):
        assert f'value="{value}"' in page, value
    # The villages (the applicant's, the crime's) as the autocomplete offers them: named.
    assert page.count('value="12010101 — ') == 2
    assert "NHEM Sokha" in page
    assert "We were moved to Kampong Cham in 1975." in page
    assert f'<option value="{ref.crime_type.pk}" selected>' in page
    # The case already applied to cannot be unticked.
    assert f'name="cases-case_{ref.case.pk}"' in page
    assert "disabled" in page.split(f'name="cases-case_{ref.case.pk}"')[1].split(">")[0]


def test_intake_corrects_a_vif(client, intake, entered, ref):
    client.force_login(intake)
    response = client.post(
        reverse("applications:form_edit", args=[entered.form_id]),
        _edit_data(
            ref,
            {
                "applicant-given_name_latin": "Cheav",
                "applicant-phone": "097 000 111",
                "filing-signature": "signature",
                "crimes-0-from_year": "1976",
                f"cases-case_{ref.other_case.pk}": ApplicationKind.COMPLAINT,
            },
            form_id=entered.form_id,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[entered.pk])
    applicant = Person.objects.get(pk=entered.applicant_id)
    assert (applicant.given_name_latin, applicant.phone) == ("Cheav", "097 000 111")
    form = VictimInformationForm.objects.get(pk=entered.form_id)
    assert form.signature == "signature"
    assert CrimeSuffered.objects.get(form=form).from_year == 1976
    # Harms are only added, never dropped by an edit.
    assert Harm.objects.filter(form=form).count() == 2
    # A newly named case opens a second application; the first stays as it was.
    assert set(form.applications.values_list("case__number", "kind")) == {
        ("004/02", ApplicationKind.CIVIL_PARTY),
        ("002/02", ApplicationKind.COMPLAINT),
    }
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE)
    assert {e.object_type for e in updates} == {
        "people.person",
        "applications.victiminformationform",
    }
    person_entry = updates.get(object_type="people.person")
    assert person_entry.changes["given_name_latin"] == {"old": "Chea", "new": "Cheav"}
    assert person_entry.actor == intake
    assert person_entry.request_id == response["X-Request-ID"]
    # The old spelling is no longer a name of the person; the new one is.
    found = client.get(reverse("applications:list"), {"q": "Cheav"}).context["page"]
    assert {a.form_id for a in found.object_list} == {entered.form_id}


def test_an_edit_with_bad_input_changes_nothing(client, intake, entered, ref):
    client.force_login(intake)
    before = _counts()
    response = client.post(
        reverse("applications:form_edit", args=[entered.form_id]),
        _edit_data(
            ref,
            {"applicant-given_name_latin": "Cheav", "applicant-village": "99999999"},
            form_id=entered.form_id,
        ),
    )
    assert response.status_code == 400
    assert "There is no village with the code 99999999." in response.text
    assert 'value="Cheav"' in response.text
    assert Person.objects.get(pk=entered.applicant_id).given_name_latin == "Chea"
    assert _counts() == before


def _post_a_step(client: Client, application: Application, to_status: str, **extra: str):
    return client.post(
        reverse("applications:transition", args=[application.pk]),
        {
            "to_status": to_status,
            # The version of the page as it would be opened now.
            "version": Application.objects.get(pk=application.pk).version,
            **extra,
        },
    )


def test_the_intermediary_corrects_its_form_until_the_application_is_transmitted(
    intermediary, other_intermediary, legal, ref
):
    client = _logged_in(intermediary)
    # The intermediary's page has no channel: the organisation is its own, whatever is sent.
    page = client.get(reverse("applications:form_create")).text
    assert 'name="filing-channel"' not in page
    data = vif_data(
        ref,
        {
            "filing-channel": Channel.IN_PERSON,
            "filing-intermediary": str(other_intermediary.organisation_id),
        },
    )
    response = client.post(reverse("applications:form_create"), data)
    assert response.status_code == 302, response.content
    application = Application.objects.get()
    form = application.form
    assert form.entered_by_organisation_id == intermediary.organisation_id
    assert (form.channel, form.intermediary_id) == (Channel.INTERMEDIARY, ref.adhoc_id)

    edit = reverse("applications:form_edit", args=[form.pk])
    # Another organisation's intermediary does not even learn the form exists.
    assert _logged_in(other_intermediary).get(edit).status_code == 404

    legal_client = _logged_in(legal)
    for step, new_phone in [
        (None, "011 000 001"),
        (Status.RECEIVED, "011 000 002"),
        (Status.SCREENED, "011 000 003"),
    ]:
        if step:
            assert _post_a_step(legal_client, application, step).status_code == 302
        assert client.get(edit).status_code == 200, step
        response = client.post(
            edit, _edit_data(ref, {"applicant-phone": new_phone}, form_id=form.pk)
        )
        assert response.status_code == 302, step
        assert Person.objects.get(pk=application.applicant_id).phone == new_phone

    assert _post_a_step(legal_client, application, Status.TRANSMITTED).status_code == 302
    before = _counts()
    assert client.get(edit).status_code == 403
    response = client.post(
        edit, _edit_data(ref, {"applicant-phone": "011 000 009"}, form_id=form.pk)
    )
    assert response.status_code == 403
    upload = client.post(
        reverse("applications:document_upload", args=[form.pk]),
        {
            "document-kind": "photo",
            "document-file": SimpleUploadedFile("photo.png", PNG, "image/png"),
        },
    )
    assert upload.status_code == 403
    assert Person.objects.get(pk=application.applicant_id).phone == "011 000 003"
    assert _counts() == before
    # The detail page no longer offers the edit link to the intermediary...
    page = client.get(reverse("applications:detail", args=[application.pk])).text
    assert edit not in page
    # ...but VSS staff may still correct the form that is now part of the court record.
    assert legal_client.get(edit).status_code == 200


# --- bad input ---------------------------------------------------------------------------


@dataclass
class BadInput:
    overrides: dict
    message: str
    typed: tuple[str, ...]  # values that must come back in the re-displayed inputs
    settings: dict | None = None


BAD_INPUTS = {
    "exe renamed to pdf": BadInput(
        {
            "documents-0-kind": "identity",
            "documents-0-file": lambda: SimpleUploadedFile("scan.pdf", EXE, "application/pdf"),
        },
        "“scan.pdf” is not a PDF, JPEG, PNG or TIFF file (judged by its content, not its name).",
        ("SOK", "Chea", "សុខ"),
    ),
    "file over the limit": BadInput(
        {
            "documents-0-kind": "identity",
            "documents-0-file": lambda: SimpleUploadedFile("big.pdf", PDF, "application/pdf"),
        },
        "files may be at most 32",
        ("SOK", "Chea"),
        settings={"VSS_UPLOAD_MAX_BYTES": 32},
    ),
    "impossible date, day first": BadInput(
        {"applicant-birth_date": "31/02/1950", "applicant-birth_year": ""},
        "Enter a real date, day first: for example 25/12/1950.",
        ("31/02/1950", "SOK"),
    ),
    "impossible date, ISO": BadInput(
        {"applicant-birth_date": "1950-02-31", "applicant-birth_year": ""},
        "Enter a real date, day first: for example 25/12/1950.",
        ("1950-02-31", "SOK"),
    ),
    "unknown village code": BadInput(
        {"applicant-village": "99999999"},
        "There is no village with the code 99999999.",
        ("99999999", "SOK"),
    ),
    "village typed as a name": BadInput(
        {"applicant-village": "Phum 1"},
        "Choose a village from the list, or type its 8-digit code.",
        ("Phum 1", "SOK"),
    ),
    "no name at all": BadInput(
        {
            "applicant-family_name_km": "",
            "applicant-given_name_km": "",
            "applicant-family_name_latin": "",
            "applicant-given_name_latin": "",
        },
        "Give the name, in Khmer script, in Latin letters or both.",
        ("012 345 678", "1950"),
    ),
    "no case named": BadInput(
        {"cases-case_{case}": ""},
        "Name at least one case.",
        ("SOK", "Chea"),
    ),
    "indirect harm without relative": BadInput(
        {
            "harms-1-relative_family_name_km": "",
            "harms-1-relative_given_name_km": "",
            "harms-1-relative_family_name_latin": "",
            "harms-1-relative_given_name_latin": "",
        },
        "Name the relative whose harm is claimed.",
        ("SOK", "Father taken away in 1977."),
    ),
    "intermediary channel without organisation": BadInput(
        {"filing-intermediary": ""},
        "Name the intermediary organisation.",
        ("SOK", "2024-03-01"),
    ),
    "Khmer script in the Latin name": BadInput(
        {"applicant-given_name_latin": "ជា"},
        "This field is for Latin letters; Khmer script goes above.",
        ("SOK",),
    ),
    "received in the future": BadInput(
        {"filing-received_on": "2999-01-01"},
        "The date cannot be in the future.",
        ("2999-01-01",),
    ),
    "crime period backwards": BadInput(
        {"crimes-0-from_year": "1979", "crimes-0-to_year": "1975"},
        "The period ends before it starts.",
        ("1979", "1975"),
    ),
}


def _resolve(ref: Reference, overrides: dict) -> dict:
    resolved = {}
    for key, value in overrides.items():
        resolved[key.replace("{case}", str(ref.case.pk))] = value() if callable(value) else value
    return resolved


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, intake, ref, settings, name
):
    bad = BAD_INPUTS[name]
    for key, value in (bad.settings or {}).items():
        setattr(settings, key, value)
    client.force_login(intake)
    before = _counts()

    response = client.post(
        reverse("applications:form_create"), vif_data(ref, _resolve(ref, bad.overrides))
    )

    assert response.status_code == 400
    page = html.unescape(response.text)
    assert bad.message in page
    assert "The form was not saved. Please correct what is marked below." in page
    for typed in bad.typed:
        assert f'value="{typed}"' in page or f">\n{typed}</textarea>" in page, typed
    assert _counts() == before
    # A refused file is not kept aside for the next attempt.
    assert "Kept from your last attempt" not in page
    assert not re.search(r'name="documents-0-staged" value="[^"]', page)


def test_a_valid_pdf_under_the_limit_is_accepted(client, intake, ref, settings):
    settings.VSS_UPLOAD_MAX_BYTES = len(PDF)
    client.force_login(intake)
    response = _create(
        client,
        ref,
        {
            "documents-0-kind": "certificate",
            "documents-0-file": SimpleUploadedFile("letter.png", PDF, "image/png"),
        },
    )
    assert response.status_code == 302
    # Judged by the content: the file is a PDF whatever its name and declared type say.
    document = SupportingDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf")


# --- the workflow through the page ---------------------------------------------------------


def test_a_legal_officer_takes_the_application_to_admission(client, legal, entered):
    client.force_login(legal)
    steps = [
        (Status.RECEIVED, ""),
        (Status.SCREENED, ""),
        (Status.TRANSMITTED, "D5/1000"),
        (Status.ADMITTED, "D5/1891"),
    ]
    for to_status, document in steps:
        response = _post_a_step(
            client,
            entered,
            to_status,
            court_document=document,
            decided_on=timezone.localdate().isoformat(),
        )
        assert response.status_code == 302, (to_status, response.content)
        entered.refresh_from_db()
        assert entered.status == to_status

    assert entered.vss_number == "VSS-004/02-00001"
    changes = StatusChange.objects.filter(application=entered).order_by("id")
    assert [(c.from_status, c.to_status) for c in changes] == [
        (Status.DRAFT, Status.RECEIVED),
        (Status.RECEIVED, Status.SCREENED),
        (Status.SCREENED, Status.TRANSMITTED),
        (Status.TRANSMITTED, Status.ADMITTED),
    ]
    assert {c.actor for c in changes} == {legal}
    assert changes.last().court_document == "D5/1891"

    entries = AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE).order_by("id")
    assert [e.changes["status"]["new"] for e in entries] == [s for s, _ in steps]
    assert entries.last().changes["court_document"] == {"old": None, "new": "D5/1891"}
    assert {e.object_id for e in entries} == {str(entered.pk)}

    page = html.unescape(client.get(reverse("applications:detail", args=[entered.pk])).text)
    timeline = page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    for label in ("Received", "Screened", "Transmitted to the judges", "Admitted", "D5/1891"):
        assert label in timeline
    assert timeline.count(legal.username) == 4
    assert "VSS-004/02-00001" in page


def test_a_late_application_needs_the_reason_for_accepting_it(client, legal, intake, ref):
    # 002/02: the investigation closed in 2010, so a form received in 2024 is late.
    response = _create(
        _logged_in(intake),
        ref,
        {f"cases-case_{ref.case.pk}": "", f"cases-case_{ref.other_case.pk}": "civil_party"},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    client.force_login(legal)

    response = _post_a_step(client, application, Status.RECEIVED, court_document="D1")
    assert response.status_code == 400
    field = response.text.split('name="deadline_override_reason"', 1)[1].split("</p>", 1)[0]
    assert "after the deadline of" in html.unescape(field)
    assert "give the reason for accepting it late" in html.unescape(field)
    application.refresh_from_db()
    assert (application.status, application.vss_number) == (Status.DRAFT, None)
    assert not StatusChange.objects.exists()

    response = _post_a_step(
        client,
        application,
        Status.RECEIVED,
        deadline_override_reason="The intermediary held the form during the flood.",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert application.is_late
    assert application.deadline_override_by == legal
    page = html.unescape(client.get(reverse("applications:detail", args=[application.pk])).text)
    assert "filed after the deadline" in page
    assert "The intermediary held the form during the flood." in page


def test_intake_cannot_accept_a_late_application(client, intake, ref):
    response = _create(
        _logged_in(intake),
        ref,
        {f"cases-case_{ref.case.pk}": "", f"cases-case_{ref.other_case.pk}": "civil_party"},
    )
    application = Application.objects.get()
    client.force_login(intake)
    # Dated after the deadline, the receipt is not offered to intake...
    page = client.get(reverse("applications:detail", args=[application.pk])).text
    offered = page.split('name="to_status"', 1)[1].split("</select>", 1)[0]
    assert 'value="received"' not in offered and 'value="withdrawn"' in offered
    # ...and sent all the same, it is refused.
    response = _post_a_step(
        client, application, Status.RECEIVED, deadline_override_reason="because"
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_intake_is_not_offered_screening_and_cannot_force_it(client, intake, legal, entered):
    _post_a_step(_logged_in(legal), entered, Status.RECEIVED)
    client.force_login(intake)
    page = client.get(reverse("applications:detail", args=[entered.pk])).text
    offered = page.split('name="to_status"', 1)[1].split("</select>", 1)[0]
    assert 'value="incomplete"' in offered
    assert 'value="screened"' not in offered

    # Not among the choices, the form refuses it: the page comes back with the error (400).
    response = _post_a_step(client, entered, Status.SCREENED)
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    entered.refresh_from_db()
    assert entered.status == Status.RECEIVED
    assert StatusChange.objects.filter(to_status=Status.SCREENED).count() == 0


def test_refused_decisions_say_why_and_change_nothing(client, intake, legal, entered):
    client.force_login(legal)
    refused = [
        # Not a move the workflow allows from "draft".
        ({"to_status": Status.ADMITTED}, "Select a valid choice."),
        ({"to_status": Status.RECEIVED, "decided_on": "2999-01-01"}, "cannot be in the future"),
        (
            {"to_status": Status.RECEIVED, "decided_on": "1950-02-31"},
            "Enter a real date, day first: for example 25/12/1950.",
        ),
    ]
    for data, message in refused:
        response = _post_a_step(client, entered, **data)
        assert response.status_code == 400, data
        assert message in response.text, data
    entered.refresh_from_db()
    assert (entered.status, entered.vss_number) == (Status.DRAFT, None)

    assert _post_a_step(client, entered, Status.RECEIVED).status_code == 302
    client.force_login(intake)
    response = _post_a_step(client, entered, Status.INCOMPLETE)
    assert response.status_code == 400
    assert "Give the reason for this decision." in response.text
    entered.refresh_from_db()
    assert entered.status == Status.RECEIVED
    assert not StatusChange.objects.filter(to_status=Status.INCOMPLETE).exists()
    response = _post_a_step(client, entered, Status.INCOMPLETE, reason="The ID copy is missing.")
    assert response.status_code == 302
    entered.refresh_from_db()
    assert entered.status == Status.INCOMPLETE
    assert StatusChange.objects.get(to_status=Status.INCOMPLETE).reason == (
        "The ID copy is missing."
    )


def test_a_day_first_date_is_not_silently_read_month_first(client, intake, ref):
    client.force_login(intake)
    response = _create(
        client, ref, {"applicant-birth_date": "05/03/1950", "applicant-birth_year": ""}
    )
    if response.status_code == 302:
        assert Person.objects.get(forms__isnull=False).birth_date.isoformat() == "1950-03-05"
    else:
        assert response.status_code == 400
        assert not Person.objects.exists()


# --- pseudonyms ----------------------------------------------------------------------------


PSEUDONYM_INPUT = 'name="applicant-pseudonym"'


@pytest.mark.parametrize(
    ("who", "offered"), [("intake", False), ("intermediary", False), ("chief", True)]
)
def test_the_pseudonym_field_is_offered_only_to_those_who_may_choose_one(
    request, ref, who, offered
):
    client = _logged_in(request.getfixturevalue(who))
    page = client.get(reverse("applications:form_create")).content.decode()
    assert (PSEUDONYM_INPUT in page) is offered


def test_the_edit_form_offers_no_pseudonym_field_to_intake(client, intake, entered):
    client.force_login(intake)
    page = client.get(reverse("applications:form_edit", args=[entered.form_id])).content.decode()
    assert PSEUDONYM_INPUT not in page


def test_a_pseudonym_intake_sends_anyway_is_not_read_and_vss_gives_one(intake, ref):
    response = _create(
        _logged_in(intake),
        ref,
        {"applicant-is_protected": "on", "applicant-pseudonym": "TCW-99"},
    )
    assert response.status_code == 302
    person = Application.objects.get().applicant
    assert person.is_protected and person.pseudonym == f"PS-{person.pk:05d}"


def test_the_chief_chooses_the_pseudonym_on_the_form(chief, ref):
    response = _create(
        _logged_in(chief), ref, {"applicant-is_protected": "on", "applicant-pseudonym": "TCW-99"}
    )
    assert response.status_code == 302
    assert Application.objects.get().applicant.pseudonym == "TCW-99"
