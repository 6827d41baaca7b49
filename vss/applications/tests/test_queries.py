"""Pages that list things run a fixed number of queries whatever the number of rows: each
page is measured with 3 rows, then must run exactly as many queries with 30."""

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import User
from vss.applications.models import (
    Application,
    Channel,
    CrimeSuffered,
    DocumentKind,
    Harm,
    HarmKind,
    Status,
    StatusChange,
    SupportingDocument,
    VictimInformationForm,
    VictimType,
)
from vss.applications.queues import QUEUE_LENGTH
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.selectors import AUDIT_LOG
from vss.core.counting import ResultCount
from vss.core.pagination import PAGE_SIZE
from vss.people.models import Kinship, PersonName, Relationship
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CrimeSiteFactory,
    CrimeTypeFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def _count(client: Client, url: str, headers: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(queries)


Page = tuple[Client, str, dict[str, str]]


def _assert_constant(
    pages: dict[str, Page],
    add_rows: Callable[[int], None],
    django_assert_num_queries,
    *,
    budget: int,
) -> dict[str, Any]:
    """Measure each page with FEW rows, grow to MANY, and expect the very same counts.
    Returns the pages as served with MANY rows."""
    add_rows(FEW)
    few = {name: _count(client, url, headers) for name, (client, url, headers) in pages.items()}
    over = {name: count for name, count in few.items() if count > budget}
    assert not over, f"over the budget of {budget} queries with {FEW} rows: {over}"
    add_rows(MANY - FEW)
    served = {}
    for name, (client, url, headers) in pages.items():
        with django_assert_num_queries(few[name], info=name):
            served[name] = client.get(url, headers=headers)
        assert served[name].status_code == 200, name
    return served


def _pages(client: Client, urls: dict[str, str], **headers: str) -> dict[str, Page]:
    return {name: (client, url, headers) for name, url in urls.items()}


# Pseudonyms are unique: a test that builds applications twice numbers on.
_WITNESSES = itertools.count()


def _applications(
    n: int,
    *,
    case,
    entered_by: User,
    status: str = Status.RECEIVED,
    protected_every: int = 2,
) -> list[Application]:
    """`n` applications, each by a new applicant; every second one protected."""
    organisation = entered_by.organisation
    applications = []
    for i in range(n):
        protected = i % protected_every == 0
        person = PersonFactory.create(
            given_name_latin=f"Chea{i}",
            is_protected=protected,
            pseudonym=f"Witness {next(_WITNESSES)}" if protected else "",
            names=[("NHEM", f"Sokha{i}")],
        )
        form = VifFactory.create(
            applicant=person,
            channel=Channel.INTERMEDIARY if organisation else Channel.IN_PERSON,
            intermediary=organisation,
            entered_by_organisation=organisation,
            created_by=entered_by,
            received_on=datetime.date(2024, 3, 1),
        )
        applications.append(ApplicationFactory.create(form=form, case=case, status=status))
    return applications


def _represented_by(lawyer: User, applications: list[Application]) -> list[Application]:
    for application in applications:
        RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    return applications


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the application list -------------------------------------------------------------


def _list_urls(case, intermediary: User) -> dict[str, str]:
    base = reverse("applications:list")
    filters = (
        f"case={case.pk}&status=received&province=12&channel=intermediary"
        f"&intermediary={intermediary.organisation_id}"
        f"&received_from=2024-01-01&received_to={timezone.localdate().isoformat()}"
    )
    return {
        "plain": base,
        "name search": f"{base}?q=Sok+Chea",
        "Khmer search": f"{base}?q=%E1%9E%9F%E1%9E%BB%E1%9E%81",
        "alias search": f"{base}?q=Nhem",
        "pseudonym search": f"{base}?q=Witness",
        "VSS number search": f"{base}?q=VSS-",
        "every filter": f"{base}?{filters}",
        "search and filters": f"{base}?q=Sok&{filters}",
    }


def test_the_application_list_runs_a_fixed_number_of_queries(
    request, intermediary, lawyer, django_assert_num_queries
):
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    urls = _list_urls(case, intermediary)
    pages = {}
    # Intake (no right to protected names), the chief (the right), an intermediary (its
    # organisation's scope) and a lawyer (their clients), each with every search and filter.
    for who, variants in (
        ("intake", list(urls)),
        ("chief", ["search and filters"]),
        ("intermediary", ["search and filters"]),
        ("lawyer", ["plain", "search and filters"]),
    ):
        client = _logged_in(request.getfixturevalue(who))
        chosen = {name: urls[name] for name in variants}
        pages |= {f"{who}: {name}": page for name, page in _pages(client, chosen).items()}
    htmx = _logged_in(request.getfixturevalue("outreach"))
    pages |= _pages(htmx, {"htmx results": urls["name search"]}, **{"HX-Request": "true"})

    served = _assert_constant(
        pages,
        lambda n: _represented_by(lawyer, _applications(n, case=case, entered_by=intermediary)),
        django_assert_num_queries,
        # A lawyer's scope reads the lawyer's list entry first, and a lawyer's name search
        # the protected clients they may find by name; on PostgreSQL a name search also
        # asks the planner how common the name is. Four write the page's read entry (its
        # savepoint, the chain's head, the entry, the release), and on PostgreSQL one
        # more takes the chain's lock. A session signed in with a second factor reads its
        # device once a request. A scoped role's scope is read first: the cases the
        # lawyer leads, then the ids of a small scope (vss.policy.applications_in_scope).
        budget=20 + 2 * (connection.vendor == "postgresql"),
    )
    # The pages measured are pages of results, not empty ones.
    for name, response in served.items():
        assert len(response.context["page"].object_list) > FEW, name


def test_a_list_longer_than_a_page_counts_its_rows_in_a_fixed_number_of_queries(
    intake, intermediary, django_assert_num_queries
):
    """The pages above fit on one page, which tells its own count; a longer list asks the
    database once more (on PostgreSQL, the planner first), whatever its length."""
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    client, url = _logged_in(intake), reverse("applications:list")
    _applications(PAGE_SIZE + 1, case=case, entered_by=intermediary)
    first = _count(client, url, {})
    _applications(FEW, case=case, entered_by=intermediary)
    with django_assert_num_queries(first):
        response = client.get(url)
    assert response.context["page"].count == ResultCount(Application.objects.count())
    assert f"{Application.objects.count()} results" in response.content.decode()


# --- the work queue ----------------------------------------------------------------------


def test_the_work_queue_runs_a_fixed_number_of_queries(
    request, intermediary, legal, lawyer, django_assert_num_queries
):
    today = timezone.localdate()
    # Notice given five days ago: the deadline falls within the next fifteen days.
    due = CaseFactory.create(
        number="004/01", investigation_closed_on=today - datetime.timedelta(days=5)
    )

    def add(n: int) -> None:
        incomplete = _represented_by(
            lawyer, _applications(n, case=due, entered_by=intermediary, status=Status.INCOMPLETE)
        )
        _represented_by(
            lawyer, _applications(n, case=due, entered_by=intermediary, status=Status.DRAFT)
        )
        StatusChange.objects.bulk_create(
            StatusChange(
                application=a,
                from_status=Status.RECEIVED,
                to_status=Status.INCOMPLETE,
                actor=legal,
                decided_on=today,
                reason="The ID copy is missing.",
            )
            for a in incomplete
        )

    pages = {
        who: (_logged_in(request.getfixturevalue(who)), reverse("core:home"), {})
        for who in ("intake", "chief", "intermediary", "lawyer")
    }
    # Four of them write the queue's read entry (its savepoint, the chain's head, the
    # entry, the release), and on PostgreSQL one more takes the chain's lock; one reads the
    # second factor's device, as a signed-in session does each request. The Chief's home
    # reads three more for the reparations programme: the overdue milestones, the
    # projects awaiting her approval and those awaiting a move; and two for outreach: the
    # signed lists overdue and her events of the next 30 days.
    served = _assert_constant(
        pages, add, django_assert_num_queries, budget=18 + (connection.vendor == "postgresql")
    )
    for name, response in served.items():
        queue = response.context["queue"]
        assert len(queue.incomplete) == len(queue.due_soon) == QUEUE_LENGTH, name
        assert len(queue.recent_changes) == len(queue.awaiting_receipt) == QUEUE_LENGTH, name


# --- the detail pages --------------------------------------------------------------------


def _grow_detail(application: Application, actor: User) -> Callable[[int], None]:
    """More of everything a form's pages show: crimes, harms naming relatives, documents,
    status changes, aliases and applications in other cases."""
    form: VictimInformationForm = application.form
    crime_type, site = CrimeTypeFactory.create(), CrimeSiteFactory.create()
    village = VillageFactory.create()
    counter = {"cases": 0}

    def add(n: int) -> None:
        today = timezone.localdate()
        for _ in range(n):
            counter["cases"] += 1
            relative = PersonFactory.create(family_name_latin="RELATIVE", names=[("ALIAS", "Rel")])
            Kinship.objects.create(
                person=application.applicant, relative=relative, relationship=Relationship.SIBLING
            )
            Harm.objects.create(
                form=form,
                kind=HarmKind.PHYSICAL,
                victim_type=VictimType.INDIRECT,
                relative=relative,
                relationship=Relationship.SIBLING,
            )
            CrimeSuffered.objects.create(
                form=form, crime_type=crime_type, crime_site=site, village=village
            )
            SupportingDocument.objects.create(
                form=form,
                kind=DocumentKind.OTHER,
                file="documents/2024/03/scan.pdf",
                original_name="scan.pdf",
                content_type="application/pdf",
                size=100,
                sha256="0" * 64,
                uploaded_by=actor,
            )
            StatusChange.objects.create(
                application=application,
                from_status=Status.RECEIVED,
                to_status=Status.RECEIVED,
                actor=actor,
                decided_on=today,
                court_document="D5/1",
            )
            PersonName.objects.create(
                person=application.applicant,
                script="latn",
                is_alias=True,
                family_name="ALIAS",
                given_name=f"N{counter['cases']}",
            )
            # The same form names another case: another application of the form.
            ApplicationFactory.create(
                form=form,
                case=CaseFactory.create(
                    number=f"T{counter['cases']:03d}", investigation_closed_on=None
                ),
                status=Status.RECEIVED,
            )

    return add


def test_the_detail_pages_run_a_fixed_number_of_queries(
    request, intermediary, legal, lawyer, django_assert_num_queries
):
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    application = _applications(1, case=case, entered_by=intermediary, protected_every=99)[0]
    _represented_by(lawyer, [application])
    detail = reverse("applications:detail", args=[application.pk])
    person = reverse("people:detail", args=[application.applicant_id])
    edit = reverse("applications:form_edit", args=[application.form_id])
    pages = {}
    for who in ("intermediary", "legal", "lawyer"):
        client = _logged_in(request.getfixturevalue(who))
        pages[f"{who}: application"] = (client, detail, {})
        pages[f"{who}: person"] = (client, person, {})
    # The first applicant is protected: only a role that may see the identity can edit.
    pages["legal: edit"] = (_logged_in(legal), edit, {})

    # The intermediary entered this form itself, so its page carries the panel of whom the
    # applicant may already be, whose read has an audit entry of its own: on PostgreSQL
    # each entry is two statements (the chain's advisory lock, then the row).
    _assert_constant(pages, _grow_detail(application, legal), django_assert_num_queries, budget=27)
    client = pages["legal: application"][0]
    assert client.get(detail).context["form"].harms.count() == MANY


# --- the audit log -----------------------------------------------------------------------


def test_the_audit_log_runs_a_fixed_number_of_queries(auditor, intake, django_assert_num_queries):
    def add(n: int) -> None:
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=intake,
                actor_username="intake",
                action=AuditAction.VIEW,
                object_type="applications.application",
                object_id=str(i),
                object_label=f"VSS-004/02-{i:05d}",
                changes={"status": {"old": "draft", "new": "received"}},
                ip_address="127.0.0.1",
                request_id=f"req{i}",
            )
            for i in range(n)
        )

    client = _logged_in(auditor)
    queries = {
        "plain": "",
        "by user": "?actor=intake",
        "by action": "?action=view",
        "by record": "?object_ref=VSS-",
        "by record type": "?object_type=applications.application",
        "by date": f"?date_from=2020-01-01&date_to={timezone.localdate().isoformat()}",
    }
    pages = {name: (client, reverse("audit:list") + q, {}) for name, q in queries.items()}
    # Four of them write the auditor's reading of the page (its savepoint, the chain's
    # head, the entry, the release), and on PostgreSQL one more takes the chain's lock;
    # one reads the stamp of the protected people's names, to mask the searches that name
    # them. The names themselves are read by a process's first page and kept until the
    # stamp moves: a first page, so that every page measured is a later one.
    client.get(reverse("audit:list"))
    served = _assert_constant(
        pages, add, django_assert_num_queries, budget=11 + (connection.vendor == "postgresql")
    )
    for name, response in served.items():
        # The auditor's readings of the pages before are entries too.
        listed = [e for e in response.context["page"].object_list if e.object_type != AUDIT_LOG]
        assert len(listed) == MANY, name
