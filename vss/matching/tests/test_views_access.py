"""The duplicate review pages, as each persona meets them: who gets them (200), which ids
do not exist (404), which role is refused (403), which methods are refused (405), CSRF,
login; the decisions taken through the pages; the audit entries written by reading a
pair; protected identities; and a queue whose query count does not grow with its length."""

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss import policy
from vss.applications.models import Application, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.core.counting import ResultCount
from vss.matching import selectors
from vss.matching.models import (
    CandidateStatus,
    DifferentPeople,
    MatchCandidate,
    MatchRun,
    PersonMerge,
    RunStatus,
)
from vss.matching.services import persons_merge
from vss.matching.tests.test_batch import _population
from vss.matching.tests.test_merge import _state
from vss.people.models import Person
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)
from vss.testing.personas import OUTSIDE, PERSONAS

pytestmark = pytest.mark.django_db

# Duplicates are the VSS's own housekeeping: no lawyer nor partner organisation sees them.

# As the matcher writes it (vss.matching.batch.explanations).
EXPLANATION = [
    {"field": "family_name", "level": "nearly the same", "weight": 4.1},
    {"field": "given_name", "level": "nearly the same", "weight": 5.3},
    {"field": "birth_year", "level": "same year", "weight": 3.2},
    {"field": "place", "level": "same village", "weight": 6.4},
    {"field": "sex", "level": "same", "weight": 0.8},
]


def _sok_theary(**fields) -> Person:
    return PersonFactory.create(
        **{
            "family_name_km": "សុខ",
            "given_name_km": "ធារី",
            "family_name_latin": "SOK",
            "given_name_latin": "Theary",
            "birth_year": 1952,
            **fields,
        }
    )


def _sokh_teary(**fields) -> Person:
    return PersonFactory.create(
        **{
            "family_name_km": "",
            "given_name_km": "",
            "family_name_latin": "SOKH",
            "given_name_latin": "Teary",
            "birth_year": 1952,
            **fields,
        }
    )


def _open_pair(run: MatchRun, low: Person, high: Person, cluster: int) -> MatchCandidate:
    """An open pair of the run, not yet saved: `low` has the lower id."""
    return MatchCandidate(
        run=run,
        person_a=low,
        person_b=high,
        probability=0.97,
        weight=19.8,
        explanation=EXPLANATION,
        cluster=cluster,
    )


def _candidate(run: MatchRun, a: Person, b: Person, cluster: int | None = None) -> MatchCandidate:
    low, high = sorted((a, b), key=lambda p: p.pk)
    if cluster is None:
        cluster = MatchCandidate.objects.filter(run=run).count() + 1
    candidate = _open_pair(run, low, high, cluster)
    candidate.save()
    return candidate


def _pair(run: MatchRun) -> MatchCandidate:
    return _candidate(run, _sok_theary(), _sokh_teary())


def _merge(legal) -> PersonMerge:
    return persons_merge(actor=legal, survivor=_sok_theary(), merged=_sokh_teary(), reason="ID")


@dataclass
class World:
    run: MatchRun
    # SOK Theary (case 002) and SOKH Teary (case 004), proposed as one person, in a group
    # with a third record of the same name.
    candidate: MatchCandidate
    first: Person
    second: Person
    third: Person
    merge: PersonMerge


@pytest.fixture
def world(legal):
    run = MatchRun.objects.create(
        started_by=legal, status=RunStatus.DONE, progress=1.0, persons=4, proposed_pairs=2
    )
    first, second, third = _sok_theary(), _sokh_teary(), _sok_theary(birth_year=1953)
    ApplicationFactory.create(
        form=VifFactory.create(applicant=first),
        case=CaseFactory.create(number="002/02", investigation_closed_on=None),
    )
    ApplicationFactory.create(
        form=VifFactory.create(applicant=second),
        case=CaseFactory.create(number="004/02", investigation_closed_on=None),
    )
    candidate = _candidate(run, first, second, cluster=1)
    _candidate(run, second, third, cluster=1)
    return World(
        run=run,
        candidate=candidate,
        first=first,
        second=second,
        third=third,
        merge=_merge(legal),
    )


# --- GET pages -------------------------------------------------------------------------

PAGES = {
    "matching:queue": lambda w: reverse("matching:queue"),
    "matching:run_detail": lambda w: reverse("matching:run_detail", args=[w.run.pk]),
    "matching:review": lambda w: reverse("matching:review", args=[w.candidate.pk]),
    "matching:merge_detail": lambda w: reverse("matching:merge_detail", args=[w.merge.pk]),
    "matching:live_check": lambda w: reverse("matching:live_check"),
}
REVIEWERS = {
    **dict.fromkeys(PERSONAS, 403),
    **dict.fromkeys(["chief", "intake", "legal"], 200),
}
GET_MATRIX = AccessMatrix(
    {
        "matching:queue": REVIEWERS,
        "matching:run_detail": REVIEWERS,
        "matching:review": REVIEWERS,
        "matching:merge_detail": REVIEWERS,
        # Whoever enters forms is warned while typing; legal officers correct forms only.
        "matching:live_check": {
            **dict.fromkeys(PERSONAS, 403),
            **dict.fromkeys(["chief", "intake", "intermediary"], 200),
        },
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda page: PAGES[page](world)) == GET_MATRIX


def test_the_pages_show_what_they_are_about(client, world, legal):
    client.force_login(legal)
    queue = html.unescape(client.get(reverse("matching:queue")).text)
    assert reverse("matching:review", args=[world.candidate.pk]) in queue
    assert "SOKH Teary" in queue and "0.97" in queue
    assert reverse("matching:merge_detail", args=[world.merge.pk]) in queue
    review = html.unescape(client.get(PAGES["matching:review"](world)).text)
    assert "same village" in review and "19.80" in review  # the reasons and their total
    assert reverse("matching:merge", args=[world.candidate.pk]) in review
    run = client.get(PAGES["matching:run_detail"](world)).text
    assert 'value="100"' in run and "hx-trigger" not in run


@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_the_probability_bar_reads_its_value_in_every_language(client, world, legal, language):
    """Khmer and French write 0,97: a <meter> given that value shows an empty bar."""
    client.force_login(legal)
    page = client.get(reverse("matching:queue"), headers={"accept-language": language}).text
    assert re.findall(r'<meter min="0" max="1" value="([^"]*)"', page) == ["0.97", "0.97"]
    if language != "en":
        assert "0,97" in page  # the figure beside it is still written the local way


def test_the_menu_offers_the_queue_only_to_reviewers(request, client, world):
    link = f'href="{reverse("matching:queue")}"'
    for who in ["chief", "intake", "legal"]:
        assert link in signed_in(request, who).get(reverse("applications:list")).text, who
    for who in ["reparations", "outreach", "intermediary", "lawyer", "lead_co_lawyer"]:
        assert link not in signed_in(request, who).get(reverse("applications:list")).text, who
    assert link not in signed_in(request, "partner").get(reverse("core:home")).text


def test_intake_reviews_but_is_not_offered_the_decision(client, world, intake):
    client.force_login(intake)
    review = client.get(PAGES["matching:review"](world)).text
    assert reverse("matching:merge", args=[world.candidate.pk]) not in review
    assert reverse("matching:different", args=[world.candidate.pk]) not in review
    merge = client.get(PAGES["matching:merge_detail"](world)).text
    assert reverse("matching:unmerge", args=[world.merge.pk]) not in merge
    queue = client.get(reverse("matching:queue")).text
    assert f'action="{reverse("matching:run_start")}"' not in queue


def test_an_id_that_does_not_exist_answers_404(client, world, chief):
    client.force_login(chief)
    missing = 999_999
    gets = [
        reverse("matching:run_detail", args=[missing]),
        reverse("matching:review", args=[missing]),
        reverse("matching:merge_detail", args=[missing]),
    ]
    posts = [
        reverse("matching:merge", args=[missing]),
        reverse("matching:different", args=[missing]),
        reverse("matching:unmerge", args=[missing]),
    ]
    answers = {url: client.get(url).status_code for url in gets}
    answers |= {url: client.post(url, {"reason": "x"}).status_code for url in posts}
    assert answers == dict.fromkeys(gets + posts, 404)


# --- state-changing URLs ---------------------------------------------------------------

# Each attempt gets a target of its own, so that one persona's success does not change
# what the next one meets.
TARGETS = {
    "matching:run_start": lambda w, legal: reverse("matching:run_start"),
    "matching:merge": lambda w, legal: reverse("matching:merge", args=[_pair(w.run).pk]),
    "matching:different": lambda w, legal: reverse("matching:different", args=[_pair(w.run).pk]),
    "matching:unmerge": lambda w, legal: reverse("matching:unmerge", args=[_merge(legal).pk]),
}


def _data(attempt: Attempt) -> dict:
    if attempt.row == "matching:merge":
        pk = int(attempt.url.rstrip("/").split("/")[-2])
        return {"survivor": MatchCandidate.objects.get(pk=pk).person_a_id, "reason": "ID card"}
    return {"reason": "Checked with the family book"}


DECIDERS = {**dict.fromkeys(PERSONAS, 403), **dict.fromkeys(["chief", "legal"], 302)}
POST_MATRIX = AccessMatrix(dict.fromkeys(TARGETS, DECIDERS))


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, world, legal):
    met = answers(
        request,
        POST_MATRIX,
        lambda name: TARGETS[name](world, legal),
        method="post",
        data=_data,
        # A run started by one persona would keep the next from starting one.
        before_each=lambda: MatchRun.objects.update(status=RunStatus.DONE),
    )
    assert met == POST_MATRIX


def test_a_refused_decision_changes_nothing(request, world, legal):
    """Intake may look at the pair but not decide it."""
    before = _state()
    merges = list(PersonMerge.objects.values_list("pk", "undone_at"))
    client = signed_in(request, "intake")
    answers = [
        client.post(reverse("matching:run_start")).status_code,
        client.post(
            reverse("matching:merge", args=[world.candidate.pk]),
            {"survivor": world.first.pk, "reason": "same"},
        ).status_code,
        client.post(reverse("matching:different", args=[world.candidate.pk])).status_code,
        client.post(
            reverse("matching:unmerge", args=[world.merge.pk]), {"reason": "no"}
        ).status_code,
    ]
    assert answers == [403] * 4
    assert _state() == before
    assert list(PersonMerge.objects.values_list("pk", "undone_at")) == merges
    assert MatchRun.objects.count() == 1
    assert not DifferentPeople.objects.exists()


def test_a_lawyer_whose_client_is_in_the_pair_neither_reviews_nor_decides_it(client, world, lawyer):
    RepresentationFactory.create(
        application=Application.objects.get(applicant=world.first), lawyer=lawyer.lawyer
    )
    before = _state()
    client.force_login(lawyer)
    answers = {
        "review": client.get(reverse("matching:review", args=[world.candidate.pk])).status_code,
        "merge": client.post(
            reverse("matching:merge", args=[world.candidate.pk]),
            {"survivor": world.first.pk, "reason": "My client"},
        ).status_code,
        "different": client.post(
            reverse("matching:different", args=[world.candidate.pk]), {"reason": "No"}
        ).status_code,
        "live": client.get(
            reverse("matching:live_check"), {"applicant-family_name_latin": "SOK"}
        ).status_code,
    }
    assert answers == dict.fromkeys(answers, 403)
    assert _state() == before
    assert not DifferentPeople.objects.exists()
    assert not AuditEntry.objects.filter(actor=lawyer).exists()


def test_get_on_a_state_changing_url_is_405(client, world, chief):
    client.force_login(chief)
    urls = [
        reverse("matching:run_start"),
        reverse("matching:merge", args=[world.candidate.pk]),
        reverse("matching:different", args=[world.candidate.pk]),
        reverse("matching:unmerge", args=[world.merge.pk]),
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 405)
    assert MatchRun.objects.count() == 1
    assert not PersonMerge.objects.filter(undone_at__isnull=False).exists()


def test_read_only_pages_refuse_other_methods(client, world, chief):
    client.force_login(chief)
    urls = [url(world) for url in PAGES.values()]
    answers = {url: client.post(url).status_code for url in urls}
    answers |= {"DELETE " + url: client.delete(url).status_code for url in urls}
    assert answers == dict.fromkeys(answers, 405)
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_a_post_without_the_csrf_token_is_refused(chief, world, legal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    urls = {name: target(world, legal) for name, target in TARGETS.items()}
    before = _state()
    merges = list(PersonMerge.objects.values_list("pk", "undone_at"))
    met = {
        name: client.post(url, _data(Attempt(row=name, persona="chief", url=url))).status_code
        for name, url in urls.items()
    }
    assert met == dict.fromkeys(urls, 403)
    assert _state() == before
    assert list(PersonMerge.objects.values_list("pk", "undone_at")) == merges
    assert MatchRun.objects.count() == 1


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(world, chief):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    page = client.get(reverse("matching:review", args=[world.candidate.pk])).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("matching:different", args=[world.candidate.pk]),
        {"reason": "Mother and daughter", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert DifferentPeople.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_the_login_page(client, world, legal, method):
    urls = [url(world) for url in PAGES.values()]
    urls += [target(world, legal) for target in TARGETS.values()]
    before = _state()
    login = reverse("accounts:login")
    answers = {url: getattr(client, method)(url) for url in urls}
    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(urls, 302)
    assert {url: r["Location"] for url, r in answers.items()} == {
        url: f"{login}?next={quote(url)}" for url in urls
    }
    assert _state() == before
    assert MatchRun.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


# --- decisions through the pages -----------------------------------------------------


def test_a_merge_through_the_page_moves_the_applications_and_shows_the_merge(client, world, chief):
    client.force_login(chief)
    # The record proposed second is kept: the officer's choice, not the default.
    survivor, merged = world.second, world.first
    response = client.post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": survivor.pk, "reason": "Same ID card number"},
    )
    done = PersonMerge.objects.get(survivor=survivor, merged=merged)
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:merge_detail", args=[done.pk])
    assert done.merged_by == chief and done.reason == "Same ID card number"
    assert set(
        Application.objects.filter(applicant=survivor).values_list("case__number", flat=True)
    ) == {"002/02", "004/02"}
    assert not Application.objects.filter(applicant=merged).exists()
    merged.refresh_from_db()
    assert merged.archived_at is not None
    world.candidate.refresh_from_db()
    assert world.candidate.status == CandidateStatus.MERGED
    page = client.get(response["Location"])
    assert "The two records are now one person." in page.text
    assert "applications: 1" in page.text
    assert reverse("matching:unmerge", args=[done.pk]) in page.text


def test_a_merge_keeping_someone_outside_the_pair_is_refused(client, world, chief):
    client.force_login(chief)
    before = _state()
    response = client.post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": world.third.pk, "reason": "wrong radio button"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in html.unescape(response.text)
    assert _state() == before
    assert PersonMerge.objects.count() == 1


def test_a_merge_of_two_records_filed_in_the_same_case_shows_why_it_cannot_be_done(
    client, world, legal
):
    case = Application.objects.get(applicant=world.first).case
    ApplicationFactory.create(
        form=VifFactory.create(applicant=world.second), case=case, status=Status.RECEIVED
    )
    before = _state()
    client.force_login(legal)
    response = client.post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": world.first.pk, "reason": "Same person"},
    )
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Both records have an application in" in page
    assert "withdraw the duplicate filing first" in page
    assert 'role="alert"' in page
    assert _state() == before
    assert not PersonMerge.objects.filter(survivor=world.first).exists()


def test_different_through_the_page_is_remembered(client, world, legal):
    client.force_login(legal)
    response = client.post(
        reverse("matching:different", args=[world.candidate.pk]),
        {"reason": "Mother and daughter, same name"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:queue")
    decision = DifferentPeople.objects.get()
    assert (decision.person_a_id, decision.person_b_id) == (
        world.candidate.person_a_id,
        world.candidate.person_b_id,
    )
    assert decision.decided_by == legal and decision.reason == "Mother and daughter, same name"
    world.candidate.refresh_from_db()
    assert world.candidate.status == CandidateStatus.DIFFERENT
    queue = client.get(response["Location"]).text
    assert "this pair will not be proposed again" in queue
    assert reverse("matching:review", args=[world.candidate.pk]) not in queue


def test_an_unmerge_through_the_page_restores_both_records(client, world, chief, legal):
    before = _state()
    client.force_login(legal)
    client.post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": world.first.pk, "reason": "Same ID card"},
    )
    done = PersonMerge.objects.get(survivor=world.first)
    assert _state() != before
    client.force_login(chief)
    response = client.post(
        reverse("matching:unmerge", args=[done.pk]), {"reason": "Two cousins after all"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:merge_detail", args=[done.pk])
    assert _state() == before
    done.refresh_from_db()
    assert done.undone_by == chief and done.undo_reason == "Two cousins after all"
    page = client.get(response["Location"]).text
    assert "The merge was undone" in page
    assert reverse("matching:unmerge", args=[done.pk]) not in page  # no second undo


def test_an_unmerge_without_a_reason_is_shown_again_and_changes_nothing(client, world, chief):
    before = _state()
    client.force_login(chief)
    response = client.post(reverse("matching:unmerge", args=[world.merge.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert reverse("matching:unmerge", args=[world.merge.pk]) in response.text
    assert _state() == before
    world.merge.refresh_from_db()
    assert world.merge.undone_at is None
    assert not AuditEntry.objects.filter(action=AuditAction.UNMERGE).exists()


def test_an_unmerge_done_already_cannot_be_done_again(client, world, chief):
    client.force_login(chief)
    url = reverse("matching:unmerge", args=[world.merge.pk])
    assert client.post(url, {"reason": "wrong"}).status_code == 302
    before = _state()
    response = client.post(url, {"reason": "again"})
    assert response.status_code == 400
    assert "already been undone" in response.text
    assert _state() == before
    assert AuditEntry.objects.filter(action=AuditAction.UNMERGE).count() == 2


def test_a_run_is_started_from_the_queue(client, world, legal):
    client.force_login(legal)
    response = client.post(reverse("matching:run_start"))
    run = MatchRun.objects.exclude(pk=world.run.pk).get()
    assert response["Location"] == reverse("matching:run_detail", args=[run.pk])
    assert run.started_by == legal
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="matching.matchrun", object_id=str(run.pk)
    ).exists()


def test_a_second_run_is_not_started_while_one_is_running(client, world, chief):
    MatchRun.objects.filter(pk=world.run.pk).update(status=RunStatus.RUNNING, progress=0.3)
    client.force_login(chief)
    response = client.post(reverse("matching:run_start"), follow=True)
    assert response.redirect_chain == [(reverse("matching:queue"), 302)]
    assert "A matching run is already under way." in response.text
    assert MatchRun.objects.count() == 1


# --- reading a pair is audited ----------------------------------------------------------


def test_reading_a_pair_writes_a_view_entry_for_each_person_shown(client, world, intake):
    client.force_login(intake)
    response = client.get(reverse("matching:review", args=[world.candidate.pk]))
    assert response.status_code == 200
    shown = {world.first.pk, world.second.pk, world.third.pk}  # the pair and its group
    for pk in shown:
        assert reverse("people:detail", args=[pk]) in response.text
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert {(e.object_type, e.object_id) for e in entries} == {
        ("people.person", str(pk)) for pk in shown
    }
    for entry in entries:
        assert entry.actor == intake
        assert entry.request_id == response["X-Request-ID"]
        assert "SOK" not in entry.object_label  # a reference, never a name


def test_a_refused_read_writes_no_view_entry(request, client, world):
    for who in ["reparations", "intermediary", "auditor", *OUTSIDE]:
        signed_in(request, who).get(reverse("matching:review", args=[world.candidate.pk]))
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


# --- protected identities --------------------------------------------------------------

REAL_NAMES = ["CHHUON", "Sreypov", "ឈួន", "ស្រីពៅ", "Srey Pov", "NHEM", "Bopha"]
PSEUDONYMS = ["Witness TCW-7", "Witness TCW-7b", "Witness TCW-9", "Witness TCW-9b"]
WITHOUT_RIGHT = ["intake"]
WITH_RIGHT = ["chief", "legal"]


def _protected(pseudonym: str, **fields) -> Person:
    return PersonFactory.create(
        **{
            "family_name_km": "ឈួន",
            "given_name_km": "ស្រីពៅ",
            "family_name_latin": "CHHUON",
            "given_name_latin": "Sreypov",
            "is_protected": True,
            "pseudonym": pseudonym,
            **fields,
        }
    )


@pytest.fixture
def protected(world, legal):
    """A protected witness filed twice (both records protected) and proposed as one
    person; and another, filed twice, whose records were merged."""
    candidate = _candidate(
        world.run,
        _protected("Witness TCW-7", names=[("NHEM", "Sreypov")]),
        _protected(
            "Witness TCW-7b", family_name_km="", given_name_km="", given_name_latin="Srey Pov"
        ),
    )
    merge = persons_merge(
        actor=legal,
        survivor=_protected("Witness TCW-9", given_name_latin="Bopha", given_name_km=""),
        merged=_protected("Witness TCW-9b", family_name_latin="NHEM", given_name_latin="Bopha"),
        reason="The same ID card number",
    )
    return {
        "queue": reverse("matching:queue"),
        "review": reverse("matching:review", args=[candidate.pk]),
        "merge": reverse("matching:merge_detail", args=[merge.pk]),
    }


def _title(page: str) -> str:
    return page.split("<title>", 1)[1].split("</title>", 1)[0]


def _side_by_side(page: str) -> str:
    return page.split('<table class="side-by-side">', 1)[1].split("</table>", 1)[0]


def test_without_the_right_a_protected_person_s_pairs_and_merges_are_not_shown(
    request, client, world, protected
):
    """Masked cells beside "Family name: same" and a link to the other record would still
    name the person: whoever may not see the identity is not given the pair at all."""
    for who in WITHOUT_RIGHT:
        client = signed_in(request, who)
        assert client.get(protected["review"]).status_code == 404, who
        assert client.get(protected["merge"]).status_code == 404, who
        response = client.get(protected["queue"])
        assert response.status_code == 200, who
        page = html.unescape(response.text)
        assert not [pseudonym for pseudonym in PSEUDONYMS if pseudonym in page], who
        assert not [real for real in REAL_NAMES if real in page], who
        assert protected["review"] not in page and protected["merge"] not in page
        # The pairs without a protected person are reviewed as before.
        assert reverse("matching:review", args=[world.candidate.pk]) in page
        assert reverse("matching:merge_detail", args=[world.merge.pk]) in page


def test_with_the_right_the_real_name_is_shown(request, client, protected):
    for who in WITH_RIGHT:
        client = signed_in(request, who)
        for name, url in protected.items():
            page = html.unescape(client.get(url).text)
            assert "CHHUON" in page, (who, name)
            assert "ឈួន" in page, (who, name)
            if name == "review":
                table = _side_by_side(page)
                assert "CHHUON" in table and "Srey Pov" in table and "NHEM" in table
                assert "•••" not in table
                # The choice of the record to keep names them too.
                assert 'type="radio"' in page and "(CHHUON Sreypov)" in page


@pytest.mark.parametrize("kept", ["protected", "unprotected"])
def test_a_merge_does_not_link_a_pseudonym_to_a_real_name(client, world, legal, intake, kept):
    witness = _protected("Witness TCW-7")
    earlier = PersonFactory.create(
        family_name_km="ឈួន",
        given_name_km="ស្រីពៅ",
        family_name_latin="CHHUON",
        given_name_latin="Sreypov",
    )
    survivor, merged = (witness, earlier) if kept == "protected" else (earlier, witness)
    done = persons_merge(actor=legal, survivor=survivor, merged=merged, reason="Same person")
    client.force_login(intake)
    assert client.get(reverse("matching:merge_detail", args=[done.pk])).status_code == 404
    page = html.unescape(client.get(reverse("matching:queue")).text)
    assert reverse("matching:merge_detail", args=[done.pk]) not in page
    assert "Witness TCW-7" not in page
    assert not [real for real in REAL_NAMES if real in page]


def _witness_beside_an_earlier_record(run: MatchRun) -> tuple[MatchCandidate, Person, Person]:
    """A protected witness and an unprotected record of the same name, village and year:
    the pair the review would show as masked cells beside "Family name: same"."""
    village = VillageFactory.create()
    witness = _protected("Witness TCW-7", birth_year=1960, village=village)
    earlier = PersonFactory.create(
        family_name_km="ឈួន",
        given_name_km="ស្រីពៅ",
        family_name_latin="CHHUON",
        given_name_latin="Sreypov",
        birth_year=1960,
        village=village,
    )
    return _candidate(run, witness, earlier), witness, earlier


def test_intake_is_not_given_a_pair_of_a_protected_and_an_unprotected_record(client, world, intake):
    candidate, witness, earlier = _witness_beside_an_earlier_record(world.run)
    MatchRun.objects.filter(pk=world.run.pk).update(proposed_pairs=3)
    client.force_login(intake)
    review = reverse("matching:review", args=[candidate.pk])
    assert client.get(review).status_code == 404
    queue = client.get(reverse("matching:queue"))
    page = html.unescape(queue.text)
    assert review not in page
    assert reverse("people:detail", args=[earlier.pk]) not in page
    assert "Witness TCW-7" not in page and "CHHUON" not in page
    assert candidate not in queue.context["page"].object_list
    assert len(queue.context["page"].object_list) == 2  # the two pairs of SOK Theary
    # The counts leave the pair out too: a drop would tell that one is hidden.
    assert "2 pairs proposed" in page
    run = client.get(reverse("matching:run_detail", args=[world.run.pk])).text
    assert "<dt>Pairs proposed</dt><dd>2</dd>" in run
    # Nor is it reached through a pair of its group.
    _candidate(world.run, earlier, world.first, cluster=candidate.cluster)
    group = client.get(reverse("matching:review", args=[world.candidate.pk])).text
    assert reverse("people:detail", args=[earlier.pk]) not in group
    assert not AuditEntry.objects.filter(
        actor=intake, object_type="people.person", object_id__in=[witness.pk, earlier.pk]
    ).exists()


def test_the_pairs_hidden_from_a_user_are_those_their_scope_leaves_out(
    world, intake, legal, chief, outreach
):
    """What the counts of proposed pairs take away (found from the hidden people by index)
    is exactly what the queue leaves out, for each kind of reader."""
    candidate, _witness, _earlier = _witness_beside_an_earlier_record(world.run)
    pairs = MatchCandidate.objects.filter(run=world.run)
    everyone = set(pairs)
    assert candidate in everyone and len(everyone) == 3
    for user, hidden in (
        (intake, {candidate}),
        (legal, set()),
        (chief, set()),
        (outreach, everyone),
    ):
        shown = set(policy.duplicate_pairs_in_scope(user, pairs))
        assert set(policy.duplicate_pairs_hidden_from(user, pairs)) == hidden, user
        assert shown == everyone - hidden, user


def test_legal_and_the_chief_review_a_pair_with_a_protected_person(request, world):
    candidate, witness, earlier = _witness_beside_an_earlier_record(world.run)
    MatchRun.objects.filter(pk=world.run.pk).update(proposed_pairs=3)
    review = reverse("matching:review", args=[candidate.pk])
    for who in WITH_RIGHT:
        client = signed_in(request, who)
        queue = html.unescape(client.get(reverse("matching:queue")).text)
        assert review in queue and "3 pairs proposed" in queue, who
        page = html.unescape(client.get(review).text)
        table = _side_by_side(page)
        assert "CHHUON" in table and "•••" not in table, who
        assert reverse("people:detail", args=[earlier.pk]) in page, who
        assert reverse("matching:merge", args=[candidate.pk]) in page, who
    response = signed_in(request, "legal").post(
        reverse("matching:merge", args=[candidate.pk]),
        {"survivor": witness.pk, "reason": "Same person"},
    )
    assert response.status_code == 302
    assert signed_in(request, "chief").get(response["Location"]).status_code == 200
    assert signed_in(request, "intake").get(response["Location"]).status_code == 404


# --- the live check ------------------------------------------------------------------


def _live_place(client: Client, person: Person, **typed: str) -> tuple[float, str, float] | None:
    """The probability, and the place finding and its weight, shown for `person` (None
    when the person is not offered at all)."""
    query = {
        "applicant-family_name_latin": person.family_name_latin,
        "applicant-given_name_latin": person.given_name_latin,
        "applicant-sex": person.sex,
        "applicant-birth_year": str(person.birth_year),
        **typed,
    }
    page = client.get(reverse("matching:live_check"), query).text
    if f'data-link-person="{person.pk}"' not in page:
        return None
    item = page.split(f'data-link-person="{person.pk}"', 1)[0].rsplit("<li>", 1)[1]
    meter = re.search(r'<meter min="0" max="1" value="([^"]+)"', item)
    place = re.search(r'data-reason="place:([^"]+)"[^>]*>[^(<]*\((-?[\d.,]+)\)', item)
    assert meter and place, item
    level, weight = place.groups()
    return float(meter.group(1)), level, float(weight.replace(",", "."))


def test_a_village_not_yet_typed_is_no_evidence_of_a_match(client, intake):
    _population(300, 30)
    person = Person.objects.filter(given_name_latin="Theary").order_by("pk").first()
    client.force_login(intake)
    with_village = _live_place(client, person, **{"applicant-village": person.village_id})
    without_village = _live_place(client, person)
    assert with_village is not None
    assert with_village[1] == "same village" and with_village[2] > 0
    # Without the village the person is offered less surely, or not at all.
    if without_village is not None:
        assert without_village[1] == "missing"
        assert without_village[2] == 0
        assert without_village[0] <= with_village[0]


# --- the queue's cost does not grow with its length -----------------------------------


def _pairs_of_namesakes(run: MatchRun, count: int) -> None:
    """`count` open pairs of the run, each of two new people of one name and village."""
    village = VillageFactory.create()
    people = Person.objects.bulk_create(
        Person(family_name_latin="SOK", given_name_latin=f"Theary {n}", village=village)
        for n in range(2 * count)
    )
    MatchCandidate.objects.bulk_create(
        _open_pair(run, a, b, cluster=a.pk) for a, b in zip(people[::2], people[1::2], strict=True)
    )


def test_the_queue_costs_the_same_number_of_queries_for_3_or_30_pairs(
    client, legal, django_assert_num_queries
):
    run = MatchRun.objects.create(started_by=legal, status=RunStatus.DONE)
    for _ in range(2):
        _merge(legal)
    _pairs_of_namesakes(run, 3)
    client.force_login(legal)
    url = reverse("matching:queue")
    client.get(url)  # the session is warm
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert len(page.context["page"].object_list) == 3
    _pairs_of_namesakes(run, 27)
    with django_assert_num_queries(len(three)):
        page = client.get(url)
    assert len(page.context["page"].object_list) == 30


def _queue_of_52_pairs_with_one_hidden_from_intake(run: MatchRun) -> None:
    """52 pairs, one of them of a protected witness: more than a page for every
    reviewer, so the pager's count is not told by the page itself."""
    _witness_beside_an_earlier_record(run)
    _pairs_of_namesakes(run, 49)


def test_the_queue_counts_the_pairs_each_reviewer_may_see(client, world, intake, legal):
    """Beyond one page, the pager counts the whole queue less the pairs hidden from the
    reviewer (found by index), which is what the queue's own query would count."""
    _queue_of_52_pairs_with_one_hidden_from_intake(world.run)
    everyone = MatchCandidate.objects.filter(status=CandidateStatus.OPEN).count()
    assert everyone == 52
    for user, shown in ((legal, 52), (intake, 51)):
        client.force_login(user)
        page = client.get(reverse("matching:queue")).context["page"]
        assert page.has_next, user
        expected = selectors.open_candidates_for_user(user).count()
        assert page.count == ResultCount(expected) == ResultCount(shown), user


def test_a_large_queue_is_estimated_as_a_whole_for_every_reviewer(
    client, world, intake, legal, monkeypatch
):
    """Where the planner expects more pairs than are worth counting, every reviewer is
    shown the same rounded estimate of the whole queue: one that left out the pairs a
    reviewer may not see would tell that some are hidden."""
    _queue_of_52_pairs_with_one_hidden_from_intake(world.run)
    monkeypatch.setattr(selectors, "planner_estimate", lambda rows: 61_234.0)
    counts = []
    for user in (legal, intake):
        client.force_login(user)
        counts.append(client.get(reverse("matching:queue")).context["page"].count)
    assert counts == [ResultCount(61_000, estimated=True)] * 2


def test_the_queue_and_a_merges_page_are_audited(client, legal, world) -> None:
    """Both name the people proposed or merged: one read entry each, the queue's with how
    many pairs and merges it showed."""
    client.force_login(legal)
    queue = client.get(reverse("matching:queue"))
    [read] = AuditEntry.objects.filter(actor=legal, request_id=queue["X-Request-ID"])
    assert (read.action, read.object_type) == (AuditAction.VIEW, "matching.matchcandidate")
    assert read.changes == {
        "merges": {"old": None, "new": 1},
        "shown": {"old": None, "new": len(queue.context["page"].object_list)},
    }
    page = client.get(PAGES["matching:merge_detail"](world))
    [read] = AuditEntry.objects.filter(actor=legal, request_id=page["X-Request-ID"])
    assert (read.action, read.object_type, read.object_id) == (
        AuditAction.VIEW,
        "matching.personmerge",
        str(world.merge.pk),
    )
