"""The consultation's pages at work: the list and its filters, names by the identity
rules, audited reads in constant queries, the actions on ticked rows, a proposal by hand,
corrections and archiving, themes, the bringing in and its progress, the project's
section and the menu."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from vss.accounts.models import User
from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.core.menu import menu_for
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.reparations.models import Category, ProjectStatus, Proposal, ProposalSource, ProposalTag
from vss.reparations.sections import project_sections
from vss.reparations.selectors import consultation as consultation_selectors
from vss.reparations.services import consultation as services
from vss.tallies.services import counting_now
from vss.testing.clients import signed_in
from vss.testing.english import english_words
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ProjectFactory,
    ProposalFactory,
    ProposalThemeFactory,
    ProvinceFactory,
)

from .consultation_links import answer

pytestmark = pytest.mark.django_db

LIST = reverse("reparations:proposal_list")


def _vif_proposal(case, text="A stupa", **kwargs):
    application = ApplicationFactory.create(
        case=case, status=Status.ADMITTED, form__reparation_wishes=text
    )
    return ProposalFactory.create(
        case=case,
        source=ProposalSource.VIF,
        application=application,
        occasion="",
        voiced_on=None,
        text=text,
        **kwargs,
    )


def _shown(response):
    return [p.pk for p in response.context["page"].object_list]


def test_the_list_shows_a_civil_partys_wish_with_name_and_vss_number(request):
    proposal = _vif_proposal(CaseFactory.create(), category="")
    page = signed_in(request, "reparations").get(LIST).content.decode()
    assert "A stupa" in page
    assert "SOK" in page
    assert proposal.application.vss_number in page
    assert "not yet sorted" in page


def test_a_protected_applicant_is_shown_by_pseudonym(request):
    proposal = _vif_proposal(CaseFactory.create())
    Person.objects.filter(pk=proposal.application.applicant_id).update(
        is_protected=True, pseudonym="TP-0042"
    )
    reparations_page = signed_in(request, "reparations").get(LIST).content.decode()
    assert "TP-0042" in reparations_page
    assert "SOK" not in reparations_page
    assert "TP-0042" not in signed_in(request, "chief").get(LIST).content.decode()


def test_each_filter_of_the_list(request):
    case = CaseFactory.create()
    other_case = CaseFactory.create(number="004")
    province = ProvinceFactory.create(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    theme = ProposalThemeFactory.create(case=case)
    tag = ProposalTag.objects.create(name="stupa", created_by=theme.created_by)
    unsorted = _vif_proposal(case, category="")
    tagged = ProposalFactory.create(case=case, province=province, theme=theme)
    tagged.tags.add(tag)
    answered = ProposalFactory.create(case=other_case, category=Category.EDUCATION)
    answer(answered, ProjectFactory.create(cases=[other_case]))
    answer(unsorted, ProjectFactory.create(cases=[case], status=ProjectStatus.ABANDONED))
    client = signed_in(request, "reparations")
    everything = {unsorted.pk, tagged.pk, answered.pk}
    assert set(_shown(client.get(LIST))) == everything
    expectations = {
        "case": (case.pk, {unsorted.pk, tagged.pk}),
        "category": ("none", {unsorted.pk}),
        "source": ("vif", {unsorted.pk}),
        "province": ("03", {tagged.pk}),
        "tag": (tag.pk, {tagged.pk}),
        "theme": (theme.pk, {tagged.pk}),
        # A project abandoned answers nothing.
        "answered": ("yes", {answered.pk}),
    }
    for name, (value, expected) in expectations.items():
        assert set(_shown(client.get(LIST, {name: value}))) == expected, name
    assert set(_shown(client.get(LIST, {"answered": "no"}))) == {unsorted.pk, tagged.pk}
    assert set(_shown(client.get(LIST, {"category": Category.EDUCATION}))) == {answered.pk}


def test_archived_proposals_leave_the_list(request):
    proposal = ProposalFactory.create()
    Proposal.objects.filter(pk=proposal.pk).update(archived_at=proposal.recorded_at)
    assert _shown(signed_in(request, "reparations").get(LIST)) == []


def test_the_list_read_is_audited_with_its_filters_and_length(request, reparations):
    case = CaseFactory.create()
    _vif_proposal(case)
    signed_in(request, "reparations").get(LIST, {"case": case.pk})
    entry = AuditEntry.objects.get(object_type="reparations.proposal", action=AuditAction.VIEW)
    assert entry.actor == reparations
    assert entry.changes["shown"]["new"] == 1
    assert entry.changes["case_id"]["new"] == case.pk
    assert entry.object_label == "list of reparation proposals"


def _fill(case, count):
    project = ProjectFactory.create(cases=[case])
    theme = ProposalThemeFactory.create(case=case, name=f"Theme {count}")
    tag = ProposalTag.objects.create(name=f"tag {count}", created_by=theme.created_by)
    for n in range(count):
        proposal = _vif_proposal(case, text=f"Wish {count}-{n}", theme=theme)
        proposal.tags.add(tag)
        proposal.answered_by.add(project)


def test_a_row_names_the_projects_that_answer_it_by_reference(request):
    case = CaseFactory.create()
    proposal = _vif_proposal(case)
    first, second = ProjectFactory.create(cases=[case]), ProjectFactory.create(cases=[case])
    proposal.answered_by.add(second, first)
    page = signed_in(request, "reparations").get(LIST).content.decode()
    references = sorted([first.reference, second.reference])
    assert f"<td>{references[0]}, {references[1]}</td>" in page


def test_the_list_reads_in_the_same_number_of_queries_for_any_length(request):
    client = signed_in(request, "reparations")
    case = CaseFactory.create()
    _fill(case, 2)
    # The process's first page with free text reads the protected people's names once.
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _fill(case, 8)
    with CaptureQueriesContext(connection) as many:
        assert len(_shown(client.get(LIST))) == 10
    assert len(many) == len(few)


def _bulk(client, **data):
    return client.post(reverse("reparations:proposal_bulk"), data)


def test_actions_on_the_ticked_rows(request):
    case = CaseFactory.create()
    first, second = _vif_proposal(case, category=""), _vif_proposal(case, category="")
    client = signed_in(request, "reparations")
    ticked = [first.pk, second.pk]
    response = _bulk(
        client,
        action="category",
        category=Category.REHABILITATION,
        proposal=ticked,
        filters="category=none",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?category=none"
    assert set(Proposal.objects.values_list("category", flat=True)) == {Category.REHABILITATION}
    tag = ProposalTag.objects.create(name="therapy", created_by=first.recorded_by)
    _bulk(client, action="tag", tag=tag.pk, proposal=[first.pk])
    assert list(first.tags.all()) == [tag]
    theme = ProposalThemeFactory.create(case=case)
    _bulk(client, action="theme", theme=theme.pk, proposal=ticked)
    assert set(Proposal.objects.values_list("theme", flat=True)) == {theme.pk}
    project = ProjectFactory.create(cases=[case])
    _bulk(client, action="project", project=project.pk, proposal=ticked)
    assert set(project.proposals.values_list("pk", flat=True)) == set(ticked)


def test_an_action_without_ticked_rows_or_its_value_says_so(request):
    client = signed_in(request, "reparations")
    proposal = ProposalFactory.create()
    nothing = _bulk(client, action="category", category=Category.EDUCATION)
    assert nothing.status_code == 302
    page = client.get(nothing["Location"]).content.decode()
    assert "Tick the proposals to act on." in page
    no_value = client.get(_bulk(client, action="tag", proposal=[proposal.pk])["Location"])
    assert "Choose what to set for the ticked proposals." in no_value.content.decode()
    # Another case's theme: the service's refusal is shown, nothing changes.
    theme = ProposalThemeFactory.create(case=CaseFactory.create(number="004"))
    refused = client.get(
        _bulk(client, action="theme", theme=theme.pk, proposal=[proposal.pk])["Location"]
    )
    assert "A theme groups proposals of its own case" in refused.content.decode()
    assert Proposal.objects.get().theme is None


def test_a_proposal_recorded_by_hand(request):
    case = CaseFactory.create()
    province = ProvinceFactory.create()
    client = signed_in(request, "outreach")
    url = reverse("reparations:proposal_create")
    data = {
        "case": case.pk,
        "source": ProposalSource.FORUM,
        "occasion": "Civil Party forum, Phnom Penh",
        "voiced_on": "2016-06-24",
        "province": province.pk,
        "text": "សូមឱ្យមានទិវាជាតិនៃការចងចាំ",
        "language": "km",
        "category": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "សូមឱ្យមានទិវាជាតិនៃការចងចាំ" in refused.content.decode()
    response = client.post(url, data | {"category": Category.REMEMBRANCE})
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("reparations:proposal_detail", args=[proposal.pk])
    assert proposal.voiced_on == datetime.date(2016, 6, 24)
    missing_occasion = client.post(url, data | {"category": Category.EDUCATION, "occasion": ""})
    assert missing_occasion.status_code == 400
    assert "Name the forum or consultation." in missing_occasion.content.decode()


def test_a_proposals_page_is_audited_and_corrected(request, reparations):
    proposal = _vif_proposal(CaseFactory.create(), category="")
    client = signed_in(request, "reparations")
    url = reverse("reparations:proposal_detail", args=[proposal.pk])
    assert "A stupa" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(
        object_type="reparations.proposal", object_id=str(proposal.pk), action=AuditAction.VIEW
    ).exists()
    correct = reverse("reparations:proposal_correct", args=[proposal.pk])
    assert client.post(correct, {"language": "km", "category": "", "version": 0}).status_code == 302
    stale = client.post(correct, {"language": "en", "category": "", "version": 0})
    assert stale.status_code == 400
    assert "Someone else saved this record" in stale.content.decode()
    proposal.refresh_from_db()
    assert (proposal.language, proposal.version) == ("km", 1)


def test_archiving_from_the_proposals_page(request):
    proposal = ProposalFactory.create()
    client = signed_in(request, "reparations")
    url = reverse("reparations:proposal_archive", args=[proposal.pk])
    assert client.post(url, {"reason": "", "version": 0}).status_code == 400
    assert client.post(url, {"reason": "Recorded twice", "version": 0}).status_code == 302
    detail = reverse("reparations:proposal_detail", args=[proposal.pk])
    assert client.get(detail).status_code == 404


def test_tags_and_themes_are_created_and_refused_twice(request):
    client = signed_in(request, "reparations")
    tags = reverse("reparations:tag_list")
    assert client.post(tags, {"name": "stupa"}).status_code == 302
    assert client.post(tags, {"name": "Stupa"}).status_code == 400
    case = CaseFactory.create()
    themes = reverse("reparations:theme_list")
    theme_data = {
        "name": "Health care for the elderly",
        "case": case.pk,
        "category": "rehabilitation",
    }
    created = client.post(themes, theme_data)
    assert created.status_code == 302
    assert client.post(themes, theme_data).status_code == 400
    assert "Health care for the elderly" in client.get(themes).content.decode()
    # Those who read proposals but do not record them create nothing.
    legal = signed_in(request, "legal")
    assert legal.post(tags, {"name": "school"}).status_code == 403
    assert legal.post(themes, theme_data | {"name": "Other"}).status_code == 403


def test_a_themes_page_lists_its_proposals_and_projects(request):
    case = CaseFactory.create()
    theme = ProposalThemeFactory.create(case=case, name="Stupas")
    grouped = _vif_proposal(case, text="A stupa in Kampong Cham", theme=theme)
    ProposalFactory.create(case=case, text="A school")
    project = ProjectFactory.create(cases=[case], title_en="Memorial stupas")
    client = signed_in(request, "reparations")
    link = reverse("reparations:theme_link_project", args=[theme.pk])
    assert client.post(link, {"project": project.pk}).status_code == 302
    page = client.get(reverse("reparations:theme_detail", args=[theme.pk])).content.decode()
    assert "A stupa in Kampong Cham" in page
    assert "A school" not in page
    assert "Memorial stupas" in page
    assert list(grouped.answered_by.all()) == [project]
    read = AuditEntry.objects.get(object_type="reparations.proposaltheme", action=AuditAction.VIEW)
    assert (read.object_id, read.changes["shown"]["new"]) == (str(theme.pk), 1)


def test_bringing_in_from_the_page(request):
    case = CaseFactory.create()
    ApplicationFactory.create(case=case, status=Status.ADMITTED, form__reparation_wishes="A stupa")
    client = signed_in(request, "reparations")
    response = client.post(reverse("reparations:import_start"), {"case": case.pk})
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    assert "data-brought-in>1<" in page
    partial = client.get(job_url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="import-progress"')
    assert "hx-trigger" not in partial  # done: it stops asking
    assert Proposal.objects.filter(source=ProposalSource.VIF).count() == 1


def test_the_project_page_section(request, reparations, lead_co_lawyer):
    case = CaseFactory.create()
    project = ProjectFactory.create(cases=[case])
    province = ProvinceFactory.create()
    for _ in range(2):
        _vif_proposal(case, text="A stupa", province=province).answered_by.add(project)
    ProposalFactory.create(case=case, text="A school", category=Category.EDUCATION)
    officer_section = project_sections.shown_to(reparations, project)["consultation"].context
    assert officer_section["consultation"].total == 2
    assert officer_section["consultation"].counts == [
        {"category": Category.REMEMBRANCE, "province_id": province.pk, "proposals": 2}
    ]
    assert len(officer_section["consultation"].proposals) == 2
    lawyer_section = project_sections.shown_to(lead_co_lawyer, project)["consultation"].context
    assert lawyer_section["consultation"].total == 2
    assert lawyer_section["consultation"].proposals is None  # counts only, no words
    read = AuditEntry.objects.get(object_type="reparations.project", action=AuditAction.VIEW)
    assert (read.actor, read.object_id, read.changes["shown"]["new"]) == (
        reparations,
        str(project.pk),
        2,
    )


def test_who_sees_the_project_page_section(request, reparations, partner):
    project = ProjectFactory.create()
    assert "consultation" in project_sections.shown_to(reparations, project)
    assert "consultation" not in project_sections.shown_to(partner, project)


def test_the_menu_leads_a_lead_co_lawyer_to_the_tally_and_staff_to_the_proposals(
    lead_co_lawyer, reparations, partner
):
    tally = reverse("reparations:tally")
    assert [url for url, _label in menu_for(lead_co_lawyer) if url in (tally, LIST)] == [tally]
    assert [url for url, _label in menu_for(reparations) if url in (tally, LIST)] == [LIST]
    assert not {tally, LIST} & {url for url, _label in menu_for(partner)}


def test_the_project_page_shows_what_it_answers(request):
    case = CaseFactory.create()
    project = ProjectFactory.create(cases=[case])
    _vif_proposal(case, text="A stupa for the village").answered_by.add(project)
    url = reverse("reparations:project_detail", args=[project.pk])
    page = signed_in(request, "reparations").get(url).content.decode()
    assert 'id="project-proposals"' in page
    assert "A stupa for the village" in page
    lawyer_page = signed_in(request, "lead_co_lawyer").get(url).content.decode()
    assert 'id="project-proposals"' in lawyer_page
    assert "A stupa for the village" not in lawyer_page


def _text(html_page: str) -> str:
    shown = re.findall(r'(?:alt|title|placeholder|aria-label)="([^"]*)"', html_page)
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html_page, flags=re.S)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", body), *shown]))


@pytest.fixture
def khmer_consultation(reparations):
    case = CaseFactory.create()
    province = ProvinceFactory.create()
    theme = ProposalThemeFactory.create(case=case, name="ស្តូប")
    project = ProjectFactory.create(cases=[case])
    proposal = _vif_proposal(case, text="សូមសាងសង់ស្តូប", theme=theme, province=province)
    proposal.tags.add(ProposalTag.objects.create(name="ស្តូប", created_by=reparations))
    proposal.answered_by.add(project)
    job = services.proposal_import_request(user=reparations, case=case)
    return {"proposal": proposal, "theme": theme, "project": project, "job": job}


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("reparations:proposal_list"),
        lambda w: reverse("reparations:proposal_create"),
        lambda w: reverse("reparations:proposal_detail", args=[w["proposal"].pk]),
        lambda w: reverse("reparations:tag_list"),
        lambda w: reverse("reparations:theme_list"),
        lambda w: reverse("reparations:theme_detail", args=[w["theme"].pk]),
        lambda w: reverse("reparations:import_start"),
        lambda w: reverse("reparations:import_detail", args=[w["job"].pk]),
        lambda w: reverse("reparations:tally"),
    ],
    ids=[
        "list",
        "new",
        "proposal",
        "tags",
        "themes",
        "theme",
        "bring in",
        "bringing in",
        "tally",
    ],
)
def test_the_pages_speak_khmer(request, khmer_consultation, page):
    client = signed_in(request, "reparations")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    response = client.get(page(khmer_consultation))
    assert response.status_code == 200
    usernames = frozenset(User.objects.values_list("username", flat=True))
    assert english_words(_text(response.content.decode()), allowed=usernames) == []


def test_the_project_page_section_speaks_khmer(rf, reparations, khmer_consultation):
    web_request = rf.get("/")
    web_request.user = reparations
    usernames = frozenset(User.objects.values_list("username", flat=True))
    with translation.override("km"):
        section = project_sections.shown_to(reparations, khmer_consultation["project"])
        shown = render_to_string(
            section["consultation"].template, section["consultation"].context, request=web_request
        )
    assert "សូមសាងសង់ស្តូប" in shown
    assert english_words(_text(shown), allowed=usernames) == []


def test_a_project_answering_many_reads_its_counts_as_kept(
    request, monkeypatch, reparations, lead_co_lawyer
):
    """Past COUNTED_NOW_UP_TO the counts are those of the last count (vss.tallies): the
    same as a recount for each reader's scope, the page saying when they were counted."""
    # The Lead Co-Lawyer counts the proposals of the case they lead alone.
    case, other = Case.objects.get(number="002/02"), CaseFactory.create(number="003")
    project = ProjectFactory.create(cases=[case, other])
    province = ProvinceFactory.create()
    for on in (case, case, other):
        _vif_proposal(on, text="A stupa", province=province).answered_by.add(project)
    ProposalFactory.create(case=case, category=Category.EDUCATION).answered_by.add(project)
    ProposalFactory.create(case=other, text="Not answered")
    counting_now(user=None)

    def section(user):
        return project_sections.shown_to(user, project)["consultation"].context["consultation"]

    now = {user: section(user) for user in (reparations, lead_co_lawyer)}
    monkeypatch.setattr(consultation_selectors, "COUNTED_NOW_UP_TO", 1)
    for user, counted_now in now.items():
        kept = section(user)
        assert counted_now.counting is None
        assert kept.counting is not None and kept.counting.counted_at is not None
        assert (kept.counts, kept.total) == (counted_now.counts, counted_now.total)
    assert (now[reparations].total, now[lead_co_lawyer].total) == (4, 3)
    page = signed_in(request, "reparations").get(
        reverse("reparations:project_detail", args=[project.pk])
    )
    assert "Proposals as counted at" in page.content.decode()


def test_a_theme_with_many_proposals_reads_its_count_as_kept(request, monkeypatch):
    """Past COUNTED_NOW_UP_TO at the last count a theme's proposals are those of that
    count, the same as a recount and marked so; a theme newer than the count, or with
    few, is counted now."""
    case = CaseFactory.create()
    large, small = (
        ProposalThemeFactory.create(case=case, name=name) for name in ("Stupas", "Schools")
    )
    for text in ("A stupa", "Another stupa", "A stupa too"):
        _vif_proposal(case, text=text, theme=large)
    ProposalFactory.create(case=case, text="A school", theme=small)
    ProposalFactory.create(case=case, text="Archived", theme=large, archived_at=timezone.now())
    counting_now(user=None)
    client = signed_in(request, "reparations")
    url = reverse("reparations:theme_list")

    def counts() -> dict[str, str]:
        page = client.get(url).content.decode()
        rows = re.findall(
            r'<a href="[^"]+">([^<]+)</a></td>.*?<td class="number">([^<]+)</td>', page
        )
        return dict(rows)

    assert counts() == {"Stupas": "3", "Schools": "1"}
    monkeypatch.setattr(consultation_selectors, "COUNTED_NOW_UP_TO", 2)
    # Counted since: the kept count stays until the next count; the small theme follows.
    ProposalFactory.create(case=case, text="A later stupa", theme=large)
    ProposalFactory.create(case=case, text="A later school", theme=small)
    page = client.get(url).content.decode()
    assert "The proposals marked * are as counted at" in page
    assert counts() == {"Stupas": "3*", "Schools": "2"}
    counting_now(user=None)
    assert counts() == {"Stupas": "4*", "Schools": "2"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    assert "សំណើដែលមានសញ្ញា * គឺតាមការរាប់នៅ" in client.get(url).content.decode()
    assert Proposal.objects.filter(theme=large, archived_at__isnull=True).count() == 4


def test_the_project_page_quotes_the_newest_and_leads_to_all_it_answers(request, monkeypatch):
    monkeypatch.setattr(consultation_selectors, "PROPOSALS_ON_PROJECT_PAGE", 2)
    case = CaseFactory.create()
    project, other = ProjectFactory.create(cases=[case]), ProjectFactory.create(cases=[case])
    answered = []
    for n in range(3):
        proposal = ProposalFactory.create(case=case, text=f"Wish number {n}")
        proposal.answered_by.add(project)
        answered.append(proposal)
    ProposalFactory.create(case=case, text="Answered by the other").answered_by.add(other)
    ProposalFactory.create(case=case, text="Answered by none")
    client = signed_in(request, "reparations")
    page = client.get(reverse("reparations:project_detail", args=[project.pk])).content.decode()
    section = page.split('id="project-proposals"', 1)[1].split("</section>", 1)[0]
    assert "Wish number 2" in section and "Wish number 1" in section
    assert "Wish number 0" not in section
    narrowed = f"{reverse('reparations:proposal_list')}?project={project.pk}"
    assert f'href="{narrowed}"' in section and "(3)" in section
    listing = client.get(narrowed)
    shown = list(listing.context["page"].object_list)
    assert shown == answered[::-1]
    # A project answering no more than the page quotes has no such link.
    page = client.get(reverse("reparations:project_detail", args=[other.pk])).content.decode()
    assert "?project=" not in page
