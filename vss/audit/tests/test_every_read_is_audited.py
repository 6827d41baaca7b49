"""Every response that shows a person's name writes a read entry in the same request.

Generic over the pages: for each role, the pages it reaches from the home page and the
record pages of a small world are read, and so are their search forms with a name typed
in; a page whose answer shows the name of one of the world's people must have written a
VIEW, SEARCH or DOWNLOAD entry with that request's id (the X-Request-ID of the answer)."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone, translation

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.templatetags.audit_log import audit_record
from vss.matching.models import MatchCandidate, MatchRun, RunStatus
from vss.people.models import Person
from vss.testing.clients import signed_in
from vss.testing.english import english_words
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ConsentFactory,
    ContactFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
)
from vss.testing.personas import PERSONAS
from vss.testing.tests.test_no_server_error import NOT_FOLLOWED, _Reader

pytestmark = pytest.mark.django_db

READS = [AuditAction.VIEW, AuditAction.SEARCH, AuditAction.DOWNLOAD]
MOST_PAGES = 150
# Fields of the search forms that take a name.
NAME_FIELDS = ("q", "name", "person", "applicant")


def _person(family: str, given: str) -> Person:
    return PersonFactory.create(family_name_latin=family, given_name_latin=given)


@pytest.fixture
def world(chief, outreach, lawyer, lead_co_lawyer, partner, intermediary):
    """People with names found nowhere else in the pages, on every kind of record."""
    case = CaseFactory.create()
    applicant = _person("KHIEVMEAS", "Sophal")
    application = ApplicationFactory.create(
        form=VifFactory.create(
            applicant=applicant, entered_by_organisation=intermediary.organisation
        ),
        case=case,
        status=Status.RECEIVED,
    )
    client_application = RepresentationFactory.create(
        lawyer=lawyer.lawyer,
        application=ApplicationFactory.create(
            form=VifFactory.create(applicant=_person("THONGRAK", "Bopha")),
            case=case,
            status=Status.ADMITTED,
        ),
    ).application
    # Another lawyer's client in the lead co-lawyer's case (the same Case 002/02).
    RepresentationFactory.create(
        application=ApplicationFactory.create(
            form=VifFactory.create(applicant=_person("LEAKHENAR", "Mony")),
            case=case,
            status=Status.ADMITTED,
        )
    )
    referred = _person("PHALLYROS", "Kanha")
    referral = ReferralFactory.create(
        partner=partner.organisation, consent=ConsentFactory.create(person=referred)
    )
    ContactFactory.create(person=applicant)
    # On the home pages: a form awaiting receipt, a follow-up due.
    ApplicationFactory.create(
        form=VifFactory.create(
            applicant=_person("SOVANNDY", "Lina"), entered_by_organisation=intermediary.organisation
        ),
        case=case,
        status=Status.DRAFT,
    )
    ContactFactory.create(
        person=_person("CHANTHOU", "Vy"),
        contacted_by=outreach,
        follow_up_user=outreach,
        follow_up_on=timezone.localdate(),
    )
    ConsentFactory.create(person=applicant)
    CivilPartyGroupFactory.create(case=case)
    # A pair proposed as one person, for the duplicates queue.
    low, high = _person("PRAKSOVAN", "Rith"), _person("PRAKSOVANN", "Rith")
    MatchCandidate.objects.create(
        run=MatchRun.objects.create(started_by=chief, status=RunStatus.DONE, progress=1.0),
        person_a=low,
        person_b=high,
        probability=0.97,
        weight=19.8,
        cluster=1,
    )
    return [
        "/",
        f"/applications/{application.pk}/",
        f"/applications/{client_application.pk}/",
        f"/people/{applicant.pk}/",
        f"/people/{referred.pk}/",
        f"/support/referrals/{referral.pk}/",
        f"/applications/forms/{application.form_id}/edit/",
    ]


def _names() -> list[str]:
    """The world's family names (the factories' own SOK is left out: it is a word of
    other pages too)."""
    return sorted(set(Person.objects.values_list("family_name_latin", flat=True)) - {"", "SOK"})


def _searches(reader: _Reader, typed: str) -> list[str]:
    """The search forms of a page, sent with a name typed in its name field."""
    return [
        f"{urlsplit(form.action).path}?{urlencode({field: typed})}"
        for form in reader.forms
        if form.method == "get"
        for field in form.fields
        if field in NAME_FIELDS
    ]


def unaudited_pages(client: Client, user, start: list[str]) -> dict[str, list[str]]:
    """The pages reached from `start` that show a world person's name and wrote no read
    entry in their request, with the names they show."""
    names = _names()
    seen: set[str] = set()
    queue = list(start)
    unaudited: dict[str, list[str]] = {}
    while queue and len(seen) < MOST_PAGES:
        page = queue.pop(0)
        if page in seen or any(part in page for part in NOT_FOLLOWED):
            continue
        seen.add(page)
        response = client.get(page)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        shown = [name for name in names if name in content]
        read = AuditEntry.objects.filter(
            actor=user, request_id=response["X-Request-ID"], action__in=READS
        ).exists()
        if shown and not read:
            unaudited[page] = shown
        reader = _Reader(page)
        reader.feed(content)
        queue += sorted(reader.links - seen)
        queue += [url for url in _searches(reader, names[0][:4]) if url not in seen]
    return unaudited


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_showing_a_persons_name_writes_a_read_entry(request, world, persona):
    client = signed_in(request, persona)
    user = request.getfixturevalue(persona)
    unaudited = unaudited_pages(client, user, world)
    assert not unaudited, "\n".join(f"{page}: {names}" for page, names in unaudited.items())


# A donor's pages show no person (the test above holds it to that), so it writes no read.
@pytest.mark.parametrize("persona", [persona for persona in PERSONAS if persona != "donor"])
def test_every_read_reads_in_khmer_in_the_log(request, world, persona):
    """What each read entry says it was (the page, the list, the file) is worded for the
    log's reader: in Khmer, no word of the interface's English is left."""
    client = signed_in(request, persona)
    unaudited_pages(client, request.getfixturevalue(persona), world)
    entries = AuditEntry.objects.filter(action__in=READS)
    assert entries.exists()
    with translation.override("km"):
        english = {
            entry.object_label: words
            for entry in entries
            if (words := english_words(audit_record(entry)))
        }
    assert not english, english
