"""The product's main pages for each role: the lists and record pages a user of the role
works on, on the demo data `make run` loads (vss.demo), so that the checks every page must
pass (no horizontal scroll on a phone, no accessibility violation, no English on a Khmer
page) walk the same pages.

A test loads the reference and demo data, calls `main_pages_prepare()` once (it adds what
the demo leaves to its users: a duplicates run and a few notifications), then iterates
`main_pages(persona)` for each persona of vss.testing.personas, signed in as the demo
account `DEMO_USERNAMES[persona]` (password vss.demo.DEMO_PASSWORD).

A page is named by its URL name in `PAGES`; a URL that takes a record is given one of the
persona's scope, chosen by `RECORDS` among the demo's fullest (the longest history, the
largest group), since a page is widest and has most to show with those.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, VictimInformationForm
from vss.matching.batch import run_matching_now
from vss.matching.models import CandidateStatus, MatchCandidate, MatchRun, RunStatus
from vss.matching.services import run_request
from vss.outreach.models import AudienceKind, Event, EventKind, FocalPerson, Newsletter
from vss.outreach.services.events import EventData, event_create
from vss.outreach.services.newsletters import NewsletterData, newsletter_create
from vss.proceedings.models import Case
from vss.reparations.models import ProgressReport, Project
from vss.representation.models import CivilPartyGroup, Lawyer, Representation
from vss.representation.services.notifications import (
    notify_lawyer_of_mandate,
    notify_lawyers_of_status_change,
)
from vss.support.models import Referral

from .personas import PERSONAS


@dataclass(frozen=True)
class MainPage:
    url_name: str
    path: str


# The demo's account for each persona (vss.accounts.demo.DEMO_ACCOUNTS).
DEMO_USERNAMES: dict[str, str] = {persona: persona for persona in PERSONAS} | {
    "lead_co_lawyer": "leadlawyer"
}

_STAFF_READING = (
    "core:home",
    "reports:index",
    "reports:map",
    "reports:annex",
    "reports:dashboard",
    "reports:pending-decisions",
    "reports:caseloads",
    "reports:funding",
    "reports:events",
    "reports:deadlines",
    "applications:list",
    "applications:detail",
    "people:detail",
    "proceedings:case_list",
    "representation:group_cases",
    "representation:group_list",
    "representation:group_detail",
    "representation:consolidated",
    "representation:case_leads",
    "representation:lawyer_list",
    "representation:lawyer_detail",
    "representation:lawyer_caseload",
    "notifications:list",
    "reparations:funding",
    "reparations:project_funding",
    "outreach:focal_list",
    "outreach:focal_overdue",
)
_DUPLICATES = ("matching:queue", "matching:run_detail", "matching:review")
_SUPPORT = ("support:referral_list", "support:referral_detail")
_TALLY = ("reparations:tally",)
_CONSULTATION_READING = (
    "reparations:proposal_list",
    "reparations:theme_list",
    "reparations:tag_list",
    *_TALLY,
)
_CONSULTATION = (
    *_CONSULTATION_READING,
    "reparations:proposal_create",
    "reparations:import_start",
)
_PROJECTS = ("reparations:project_list", "reparations:project_detail", "reparations:report_detail")
_RUNS_PROJECTS = (*_PROJECTS, "reparations:project_create")
_CALENDAR = ("outreach:calendar",)
_EVENTS = ("outreach:event_list", "outreach:event_detail", *_CALENDAR)
_RUNS_EVENTS = (*_EVENTS, "outreach:event_create")

_NEWSLETTERS = (
    "outreach:newsletter_list",
    "outreach:newsletter_detail",
    "outreach:newsletter_create",
)

PAGES: dict[str, tuple[str, ...]] = {
    "chief": (
        *_STAFF_READING,
        "applications:form_create",
        "applications:form_edit",
        "imports:home",
        "proceedings:case_edit",
        "representation:grouping_tool",
        "representation:without_lawyer",
        *_DUPLICATES,
        *_SUPPORT,
        *_RUNS_PROJECTS,
        "accounts:users",
        "outreach:failed_messages",
        *_CONSULTATION,
        "reparations:donor_list",
        "outreach:focal_appoint",
        *_RUNS_EVENTS,
        *_NEWSLETTERS,
        "portal:content_list",
    ),
    "intake": (
        *_STAFF_READING,
        "applications:form_create",
        "applications:form_edit",
        "imports:home",
        *_DUPLICATES,
        *_SUPPORT,
        *_TALLY,
        *_PROJECTS,
        *_EVENTS,
    ),
    "legal": (
        *_STAFF_READING,
        "applications:form_edit",
        "proceedings:case_edit",
        "representation:grouping_tool",
        "representation:without_lawyer",
        *_DUPLICATES,
        *_SUPPORT,
        *_CONSULTATION_READING,
        *_PROJECTS,
        *_EVENTS,
    ),
    "reparations": (
        *_STAFF_READING,
        *_CONSULTATION,
        *_RUNS_PROJECTS,
        "reparations:donor_list",
        *_EVENTS,
    ),
    "outreach": (
        *_STAFF_READING,
        *_SUPPORT,
        *_CONSULTATION,
        *_PROJECTS,
        "outreach:focal_appoint",
        *_RUNS_EVENTS,
        "outreach:failed_messages",
        *_NEWSLETTERS,
        "outreach:focal_detail",
        "portal:content_list",
    ),
    "auditor": ("audit:list", "notifications:list"),
    "intermediary": (
        "core:home",
        "applications:list",
        "applications:form_create",
        "applications:detail",
        "applications:form_edit",
        "people:detail",
        "proceedings:case_list",
        "notifications:list",
    ),
    "lawyer": (
        "core:home",
        "representation:my_clients",
        "applications:list",
        "applications:detail",
        "people:detail",
        "proceedings:case_list",
        "representation:lawyer_caseload",
        "notifications:list",
        *_TALLY,
        "reparations:project_list",
        "reparations:funding",
        *_CALENDAR,
    ),
    "lead_co_lawyer": (
        "core:home",
        "representation:my_clients",
        "applications:list",
        "applications:detail",
        "proceedings:case_list",
        "representation:consolidated",
        "representation:lawyer_caseload",
        "notifications:list",
        *_TALLY,
        *_PROJECTS,
        "reparations:funding",
        "reparations:project_funding",
        *_CALENDAR,
    ),
    "partner": (
        "core:home",
        *_SUPPORT,
        "people:detail",
        "notifications:list",
        *_PROJECTS,
        "reparations:funding",
        "reparations:project_funding",
        *_EVENTS,
        "reports:events",
    ),
    "donor": (
        "core:home",
        "notifications:list",
        *_PROJECTS,
        "reparations:funding",
        "reparations:project_funding",
        "reports:funding",
    ),
}


def _fullest_application(user: User) -> Application:
    """The application in the user's scope with the longest history, a lawyer's client
    when there is one."""
    applications = policy.applications_in_scope(user, Application.objects.all())
    chosen = (
        applications.annotate(
            changes=Count("status_changes", distinct=True),
            lawyers=Count("representations", distinct=True),
        )
        .order_by("-lawyers", "-changes", "pk")
        .first()
    )
    assert chosen is not None, f"no application in the scope of {user.username}"
    return chosen


def _editable_form(user: User) -> int:
    """The newest form the user may edit (an intermediary's only until it is transmitted)."""
    forms = policy.forms_in_scope(user, VictimInformationForm.objects.all())
    for form in forms.order_by("-pk")[:200]:
        if policy.can_edit_form(user, form):
            return form.pk
    raise AssertionError(f"no form {user.username} may edit")


def _person(user: User) -> int:
    if policy.has_right(user, policy.Right.VIEW_APPLICATIONS):
        return _fullest_application(user).applicant_id
    return _referred_person(user)


def _referral(user: User) -> int:
    referral = (
        policy.referrals_in_scope(user, Referral.objects.all())
        .annotate(sessions_held=Count("sessions"))
        .order_by("-sessions_held", "pk")
        .first()
    )
    assert referral is not None, f"no referral in the scope of {user.username}"
    return referral.pk


def _referred_person(user: User) -> int:
    return Referral.objects.get(pk=_referral(user)).person_id


def _grouped_case(user: User) -> int:
    """The case with most groups; a Lead Co-Lawyer's own case."""
    lawyer_id = policy.lawyer_id_of(user)
    cases: QuerySet[Case] = Case.objects.all()
    if lawyer_id is not None:
        cases = cases.filter(lead_co_lawyers__lawyer_id=lawyer_id)
    case = cases.annotate(groups=Count("civil_party_groups")).order_by("-groups", "pk").first()
    assert case is not None, f"no case for {user.username}"
    return case.pk


def _largest_group(user: User) -> int:
    group = (
        CivilPartyGroup.objects.annotate(members=Count("memberships"))
        .order_by("-members", "pk")
        .first()
    )
    assert group is not None, "the demo has no group"
    return group.pk


def _busiest_lawyer(user: User) -> int:
    own = policy.lawyer_id_of(user)
    if own is not None:
        return own
    lawyers = policy.lawyers_in_scope(user, Lawyer.objects.all())
    lawyer = lawyers.annotate(clients=Count("representations")).order_by("-clients", "pk").first()
    assert lawyer is not None, f"no lawyer in the scope of {user.username}"
    return lawyer.pk


def _latest_run(user: User) -> int:
    run = MatchRun.objects.order_by("-pk").first()
    assert run is not None, "no duplicates run: call main_pages_prepare() first"
    return run.pk


def _likeliest_pair(user: User) -> int:
    candidate = (
        policy.duplicate_pairs_in_scope(
            user, MatchCandidate.objects.filter(status=CandidateStatus.OPEN)
        )
        .order_by("-probability", "pk")
        .first()
    )
    assert candidate is not None, f"no open pair in the scope of {user.username}"
    return candidate.pk


def _fullest_project(user: User) -> int:
    """The project in the user's scope with the longest history."""
    project = (
        policy.projects_in_scope(user, Project.objects.all())
        .annotate(moves=Count("status_changes", distinct=True))
        .order_by("-moves", "pk")
        .first()
    )
    assert project is not None, f"no project in the scope of {user.username}"
    return project.pk


def _most_pledged_project(user: User) -> int:
    """The project in the user's scope with most pledges: its funding page is the fullest."""
    project = (
        policy.projects_in_scope(user, Project.objects.all())
        .annotate(pledged=Count("pledges", distinct=True))
        .order_by("-pledged", "pk")
        .first()
    )
    assert project is not None, f"no project in the scope of {user.username}"
    return project.pk


def _fullest_report(user: User) -> int:
    """The progress report in the user's scope that reached people in most provinces."""
    report = (
        ProgressReport.objects.filter(
            project__in=policy.projects_in_scope(user, Project.objects.all())
        )
        .annotate(places=Count("counts", distinct=True))
        .order_by("-places", "pk")
        .first()
    )
    assert report is not None, f"no progress report in the scope of {user.username}"
    return report.pk


def _event(user: User) -> int:
    """The soonest event in the user's scope (main_pages_prepare() makes one)."""
    event = policy.events_in_scope(
        user, Event.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at", "pk")
    ).first()
    assert event is not None, f"no event in the scope of {user.username}"
    return event.pk


def _latest_newsletter(user: User) -> int:
    newsletter = policy.newsletters_in_scope(user, Newsletter.objects.all()).first()
    assert newsletter is not None, "no newsletter: call main_pages_prepare() first"
    return newsletter.pk


def _busiest_focal_person(user: User) -> int:
    """The focal person with most materials handed over."""
    focal = (
        policy.focal_persons_in_scope(user, FocalPerson.objects.all())
        .annotate(handed=Count("handovers"))
        .order_by("-handed", "pk")
        .first()
    )
    assert focal is not None, f"no focal person in the scope of {user.username}"
    return focal.pk


# For each URL that takes a record, the record of the user's scope it is shown with.
RECORDS: dict[str, Callable[[User], int]] = {
    "applications:detail": lambda user: _fullest_application(user).pk,
    "applications:form_edit": _editable_form,
    "people:detail": _person,
    "proceedings:case_edit": _grouped_case,
    "representation:group_list": _grouped_case,
    "representation:grouping_tool": _grouped_case,
    "representation:consolidated": _grouped_case,
    "representation:case_leads": _grouped_case,
    "representation:group_detail": _largest_group,
    "representation:lawyer_detail": _busiest_lawyer,
    "representation:lawyer_caseload": _busiest_lawyer,
    "matching:run_detail": _latest_run,
    "matching:review": _likeliest_pair,
    "support:referral_detail": _referral,
    "reparations:project_detail": _fullest_project,
    "reparations:project_funding": _most_pledged_project,
    "reparations:report_detail": _fullest_report,
    "outreach:event_detail": _event,
    "outreach:newsletter_detail": _latest_newsletter,
    "outreach:focal_detail": _busiest_focal_person,
}


# For each page that shows its rows once a record is chosen in its form, the query string
# choosing the record of the user's scope it is shown with.
QUERIES: dict[str, Callable[[User], str]] = {
    "reports:annex": lambda user: f"case={_grouped_case(user)}",
}


def main_pages(persona: str) -> list[MainPage]:
    """The pages of `persona`'s role, in the order of PAGES, with their records."""
    user = User.objects.get(username=DEMO_USERNAMES[persona])
    pages = []
    for name in PAGES[persona]:
        path = reverse(name, args=[RECORDS[name](user)]) if name in RECORDS else reverse(name)
        if name in QUERIES:
            path = f"{path}?{QUERIES[name](user)}"
        pages.append(MainPage(url_name=name, path=path))
    return pages


def main_pages_prepare() -> None:
    """What the demo leaves to its users: a finished duplicates run over the registry,
    notifications to the lawyers about their clients, as the services word them, an
    outreach event the partner co-organises and a newsletter to the Civil Parties of the
    first case."""
    _prepare_event()
    _prepare_newsletter()
    legal = User.objects.get(username=DEMO_USERNAMES["legal"])
    run = run_request(actor=legal)
    run.refresh_from_db()
    if run.status != RunStatus.DONE:
        # Inside a test's transaction the queued task waits for a commit that never comes:
        # the test does the worker's part.
        run_matching_now(run.pk)
    for persona in ("lawyer", "lead_co_lawyer"):
        mandate = (
            Representation.objects.filter(
                lawyer__user__username=DEMO_USERNAMES[persona], ended_on__isnull=True
            )
            .select_related("application__case")
            .order_by("pk")
            .first()
        )
        if mandate is None:
            continue
        notify_lawyer_of_mandate(representation=mandate, started=True)
        change = mandate.application.status_changes.order_by("-pk").first()
        if change is not None:
            notify_lawyers_of_status_change(application=mandate.application, change=change)


def _prepare_newsletter() -> None:
    newsletter_create(
        user=User.objects.get(username=DEMO_USERNAMES["outreach"]),
        data=NewsletterData(
            title_km="សាលក្រមនឹងប្រកាសនៅខែក្រោយ",
            title_en="The judgment will be pronounced next month",
            title_fr="Le jugement sera prononcé le mois prochain",
            body_km="អង្គជំនុំជម្រះនឹងប្រកាសសាលក្រម។ ផ្នែកគាំពារជនរងគ្រោះនឹងជូនដំណើរដើមបណ្តឹងរដ្ឋប្បវេណី។",
            body_en="The Chamber will pronounce its judgment. The Section will bring Civil Parties.",
            body_fr="La Chambre prononcera son jugement. La Section accompagnera les parties civiles.",
            sms_km="សាលក្រមនឹងប្រកាសនៅខែក្រោយ",
            sms_en="The judgment will be pronounced next month.",
            sms_fr="Le jugement sera prononcé le mois prochain.",
            audience=AudienceKind.CASE,
            case=Case.objects.order_by("pk").first(),
        ),
    )


def _prepare_event() -> None:
    # The demo's events are the Section's past ones: the pages want one to come.
    if Event.objects.filter(starts_at__gt=timezone.now()).exists():
        return
    officer = User.objects.get(username=DEMO_USERNAMES["outreach"])
    partner = User.objects.get(username=DEMO_USERNAMES["partner"])
    case = Case.objects.filter(is_demo=False).order_by("number").first()
    assert case is not None, "the demo has no case"
    event_create(
        user=officer,
        data=EventData(
            kind=EventKind.VERDICT_ATTENDANCE,
            title_km="ការចូលរួមស្តាប់ការប្រកាសសាលក្រម",
            title_en="Attending the verdict",
            title_fr="Assister au prononcé du jugement",
            starts_at=timezone.now() + datetime.timedelta(days=20),
            cases=[case],
            capacity=150,
            budget_usd=Decimal("18500.00"),
            officer=officer,
            venue="វិចិត្រសាលសាធារណៈនៃ អ.វ.ត.ក",
            co_organisers=[partner.organisation] if partner.organisation else [],
            is_public=True,
        ),
    )
