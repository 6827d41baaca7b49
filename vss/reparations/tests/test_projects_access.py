"""The access matrix of every page of the projects: who gets it, whose projects stay out
of sight (404), which role is refused (403); the list's scope, filters and constant query
count; the project's page and its sections for each persona."""

import html
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import OrganisationKind, User
from vss.audit.models import AuditEntry
from vss.reparations.models import (
    Category,
    ClaimRequest,
    Project,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectPartner,
    ProjectStatus,
    Track,
)
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.english import english_words
from vss.testing.factories import (
    CaseFactory,
    ClaimRequestFactory,
    OrganisationFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from vss.testing.personas import PERSONAS, STAFF

pytestmark = pytest.mark.django_db

MANAGERS = {"chief", "reparations"}
# Whoever reads projects: the Section's staff, the lawyers (a Lead Co-Lawyer those of the
# cases they lead, a lawyer who leads none none), the partners (those they implement) and
# the donors (those they fund).
READERS = {*STAFF, "lawyer", "lead_co_lawyer", "partner", "donor"}


@dataclass
class World:
    # Of Case 002/02, which the Lead Co-Lawyer persona leads; TPO implements it, the donor
    # persona's organisation funds it.
    project: Project
    partnership: ProjectPartner
    claim_request: ClaimRequest  # the Lead Co-Lawyer persona's
    document: ProjectDocument


@pytest.fixture
def world(reparations, lead_co_lawyer, partner, donor):
    project = ProjectFactory.create(officer=reparations, cases=[CaseFactory.create()])
    PledgeFactory.create(project=project, donor=donor.organisation)
    # Its contact and its document as the Section writes them, in Khmer.
    partnership = ProjectPartnerFactory.create(
        project=project,
        organisation=partner.organisation,
        contact_name="សុខ ចាន់ថា",
        contact_email="chantha@tpo.org.kh",
    )
    claim_request = ClaimRequestFactory.create(
        project=project, lawyer=lead_co_lawyer.lawyer, marked_by=lead_co_lawyer
    )
    document = ProjectDocument.objects.create(
        project=project,
        kind=ProjectDocumentKind.CONCEPT_NOTE,
        file=ContentFile(PDF, name="concept.pdf"),
        original_name="គំនិតគម្រោង",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=reparations,
    )
    return World(project, partnership, claim_request, document)


def _statuses(allowed: set[str], **exceptions: int) -> dict[str, int]:
    """200 for `allowed`, 403 for everyone else, but the exceptions."""
    return {name: 200 if name in allowed else 403 for name in PERSONAS} | exceptions


# A lawyer who leads no case finds no project (404) before being refused anything.
OUT_OF_LAWYERS_SCOPE = {"lawyer": 404}

URLS = {
    "reparations:project_list": lambda w: reverse("reparations:project_list"),
    "reparations:project_create": lambda w: reverse("reparations:project_create"),
    "reparations:project_detail": lambda w: reverse(
        "reparations:project_detail", args=[w.project.pk]
    ),
    "reparations:project_edit": lambda w: reverse("reparations:project_edit", args=[w.project.pk]),
    "reparations:project_move": lambda w: reverse(
        "reparations:project_move", args=[w.project.pk, ProjectStatus.DESIGNED]
    ),
    "reparations:partner_add": lambda w: reverse("reparations:partner_add", args=[w.project.pk]),
    "reparations:document_add": lambda w: reverse("reparations:document_add", args=[w.project.pk]),
    "reparations:claim_request_add": lambda w: reverse(
        "reparations:claim_request_add", args=[w.project.pk]
    ),
    "reparations:partner_end": lambda w: reverse(
        "reparations:partner_end", args=[w.partnership.pk]
    ),
    "reparations:document_download": lambda w: reverse(
        "reparations:document_download", args=[w.document.pk]
    ),
    "reparations:claim_request_withdraw": lambda w: reverse(
        "reparations:claim_request_withdraw", args=[w.claim_request.pk]
    ),
}
PROJECTS_MATRIX = AccessMatrix(
    {
        "reparations:project_list": _statuses(READERS),
        "reparations:project_create": _statuses(MANAGERS),
        "reparations:project_detail": _statuses(READERS, **OUT_OF_LAWYERS_SCOPE),
        "reparations:project_edit": _statuses(MANAGERS, **OUT_OF_LAWYERS_SCOPE),
        "reparations:project_move": _statuses(MANAGERS, **OUT_OF_LAWYERS_SCOPE),
        "reparations:partner_add": _statuses(MANAGERS, **OUT_OF_LAWYERS_SCOPE),
        "reparations:document_add": _statuses(MANAGERS, **OUT_OF_LAWYERS_SCOPE),
        "reparations:claim_request_add": _statuses({"lead_co_lawyer"}, **OUT_OF_LAWYERS_SCOPE),
        "reparations:partner_end": _statuses(MANAGERS, **OUT_OF_LAWYERS_SCOPE),
        # The Section's papers and the lawyers': a partner or a donor does not download them.
        "reparations:document_download": _statuses(
            {*STAFF, "lead_co_lawyer"}, **OUT_OF_LAWYERS_SCOPE
        ),
        "reparations:claim_request_withdraw": _statuses({"lead_co_lawyer"}, **OUT_OF_LAWYERS_SCOPE),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, PROJECTS_MATRIX, lambda row: URLS[row](world)) == PROJECTS_MATRIX


def test_the_matrix_covers_every_page_of_the_projects():
    assert set(PROJECTS_MATRIX) == set(URLS)


# --- the list ----------------------------------------------------------------------------


@pytest.fixture
def programme(world, other_partner):
    """Beside the world's project: one of Case 002/01 that Kdei Karuna implements, and a
    non-judicial measure of Case 002/02 implemented by nobody yet."""
    other = ProjectFactory.create(
        cases=[CaseFactory.create(number="002/01")], category=Category.EDUCATION
    )
    ProjectPartnerFactory.create(project=other, organisation=other_partner.organisation)
    measure = ProjectFactory.create(
        category=Category.REHABILITATION,
        track=Track.NON_JUDICIAL,
        status=ProjectStatus.NON_JUDICIAL,
    )
    return {"world": world.project, "other": other, "measure": measure}


def _listed(response) -> set[int]:
    return {p.pk for p in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("chief", {"world", "other", "measure"}),
        ("outreach", {"world", "other", "measure"}),
        ("lead_co_lawyer", {"world", "measure"}),  # those of Case 002/02, which they lead
        ("lawyer", set()),
        ("partner", {"world"}),  # the one TPO implements
        ("other_partner", {"other"}),
        ("donor", {"world"}),  # the one Germany (BMZ/GIZ) funds
        ("other_donor", set()),
    ],
)
def test_the_list_shows_the_projects_in_the_personas_scope(request, programme, persona, seen):
    response = signed_in(request, persona).get(reverse("reparations:project_list"))
    assert _listed(response) == {programme[name].pk for name in seen}


@pytest.mark.parametrize(
    ("query", "seen"),
    [
        ({"category": Category.EDUCATION}, {"other"}),
        ({"status": ProjectStatus.NON_JUDICIAL}, {"measure"}),
        ({"track": Track.JUDICIAL}, {"world", "other"}),
        ({"case": "002/01"}, {"other"}),
    ],
)
def test_the_list_filters(request, programme, query, seen):
    if "case" in query:
        query = {"case": programme["other"].cases.get().pk}
    response = signed_in(request, "chief").get(reverse("reparations:project_list"), query)
    assert _listed(response) == {programme[name].pk for name in seen}


@pytest.mark.parametrize("language", ["km", "en", "fr"])
def test_the_list_shows_titles_in_the_readers_language_and_the_gap(request, world, language):
    Project.objects.filter(pk=world.project.pk).update(
        budget_usd=Decimal("1500.50"), secured_usd=Decimal("1000.25")
    )
    client = signed_in(request, "chief")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("reparations:project_list")).content.decode()
    titles = {code: getattr(world.project, f"title_{code}") for code in ("km", "en", "fr")}
    assert {code for code, title in titles.items() if title in text} == {language}
    with translation.override(language):
        gap = floatformat(Decimal("1500.50") - Decimal("1000.25"), "2g")
    assert f'<td class="number">{gap}</td>' in text


def test_the_list_reads_in_constant_queries(request, world):
    client = signed_in(request, "chief")
    url = reverse("reparations:project_list")
    client.get(url)  # sessions, menus and caches warmed once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(12):
        project = ProjectFactory.create(cases=[CaseFactory.create(number=f"003/{number:02d}")])
        project.cases.add(CaseFactory.create())
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_list_read_is_audited_with_its_filters(request, world):
    signed_in(request, "chief").get(
        reverse("reparations:project_list"), {"category": Category.REMEMBRANCE}
    )
    entry = AuditEntry.objects.filter(object_type="reparations.project").latest("pk")
    assert entry.object_label == "list of reparation projects"
    assert entry.changes["category"]["new"] == Category.REMEMBRANCE
    assert entry.changes["shown"]["new"] == 1


# --- the project's page ------------------------------------------------------------------


def _page(request, persona, world):
    response = signed_in(request, persona).get(
        reverse("reparations:project_detail", args=[world.project.pk])
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", sorted(READERS - {"lawyer"}))
def test_the_page_draws_the_about_and_lifecycle_sections(request, world, persona):
    sections = _page(request, persona, world).context["sections"]
    assert list(sections)[:2] == ["about", "lifecycle"]


@pytest.mark.parametrize("persona", ["partner", "donor"])
def test_staff_see_who_requested_the_project_and_partners_and_donors_do_not(
    request, world, lead_co_lawyer, persona
):
    lawyer_name = str(lead_co_lawyer.lawyer)
    assert lawyer_name in _page(request, "reparations", world).content.decode()
    page = _page(request, persona, world)
    assert page.context["about"].claim_requests is None
    assert lawyer_name not in page.content.decode()


@pytest.mark.parametrize("persona", ["chief", "lead_co_lawyer", "partner"])
def test_the_partners_contact_is_shown_to_those_who_work_with_them(request, world, persona):
    assert world.partnership.contact_email in _page(request, persona, world).content.decode()


def test_a_donor_reads_no_ones_contact(request, world):
    page = _page(request, "donor", world).content.decode()
    assert world.partnership.contact_name not in page
    assert world.partnership.contact_email not in page
    assert page.count("TPO") >= 1  # the organisation itself is named


@pytest.mark.parametrize("persona", ["partner", "donor"])
def test_a_partner_or_a_donor_sees_no_document_link(request, world, persona):
    page = _page(request, persona, world)
    assert not page.context["lifecycle"].shows_documents
    assert reverse("reparations:document_download", args=[world.document.pk]) not in (
        page.content.decode()
    )


def test_the_officer_is_offered_the_moves_of_the_table(request, world):
    forms = _page(request, "reparations", world).context["move_forms"]
    assert [form.move.to for form in forms] == [
        ProjectStatus.DESIGNED,
        ProjectStatus.NON_JUDICIAL,
        ProjectStatus.ABANDONED,
    ]


def test_readers_who_move_nothing_are_offered_no_move(request, world):
    for persona in ("intake", "lead_co_lawyer", "partner", "donor"):
        assert _page(request, persona, world).context["move_forms"] == []


def test_the_page_answers_in_constant_queries(request, world, reparations):
    client = signed_in(request, "chief")
    url = reverse("reparations:project_detail", args=[world.project.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(5):
        organisation = OrganisationFactory.create(
            name=f"Partner {number}", kind=OrganisationKind.PARTNER
        )
        ProjectPartnerFactory.create(
            project=world.project, organisation=organisation, is_lead=False
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_page_in_khmer_shows_the_other_languages_only_when_asked(request, world):
    client = signed_in(request, "chief")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    url = reverse("reparations:project_detail", args=[world.project.pk])
    page = client.get(url).content.decode()
    assert world.project.title_km in page
    assert world.project.title_en not in page and world.project.title_fr not in page
    asked = client.get(url, {"texts": "all"}).content.decode()
    assert world.project.title_en in asked and world.project.title_fr in asked


@pytest.mark.parametrize("persona", ["chief", "lead_co_lawyer", "partner", "donor"])
def test_the_project_pages_interface_speaks_khmer(request, world, persona):
    client = signed_in(request, persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    urls = [
        reverse("reparations:project_list"),
        reverse("reparations:project_detail", args=[world.project.pk]),
    ]
    if persona == "chief":
        urls += [
            reverse("reparations:project_create"),
            reverse("reparations:project_edit", args=[world.project.pk]),
            reverse("reparations:project_move", args=[world.project.pk, ProjectStatus.DESIGNED]),
            reverse("reparations:partner_add", args=[world.project.pk]),
            reverse("reparations:partner_end", args=[world.partnership.pk]),
            reverse("reparations:document_add", args=[world.project.pk]),
        ]
    if persona == "lead_co_lawyer":
        urls += [
            reverse("reparations:claim_request_add", args=[world.project.pk]),
            reverse("reparations:claim_request_withdraw", args=[world.claim_request.pk]),
        ]
    allowed = frozenset(User.objects.values_list("username", flat=True))
    found = {}
    for url in urls:
        text = _shown_text(client.get(url).content.decode())
        if words := english_words(text, allowed=allowed):
            found[url] = words
    assert found == {}


def _shown_text(page: str) -> str:
    """What a page shows: its text without markup, scripts or head."""
    body = re.sub(r"<head>.*?</head>|<script.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))
