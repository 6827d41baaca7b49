"""The consultation's services: bringing in the VIF wishes, proposals recorded by hand,
their sorting and linking, archiving; each allowed and forbidden, each audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vss.applications.models import ApplicationKind, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.reparations.models import (
    Category,
    ImportStatus,
    ProjectStatus,
    Proposal,
    ProposalImport,
    ProposalSource,
)
from vss.reparations.services import consultation as services
from vss.reparations.services.consultation import ProposalData
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    OrganisationFactory,
    ProjectFactory,
    ProposalFactory,
    ProposalThemeFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

KHMER_WISH = "  សូមសាងសង់ស្តូបនៅភូមិ\n"
ENGLISH_WISH = "A memorial in Kampong Cham, and the names of our dead read out."
RECORDERS = ["reparations", "outreach", "chief"]
NOT_RECORDERS = ["intake", "legal", "auditor", "lead_co_lawyer", "partner"]


@pytest.fixture
def case002():
    case = CaseFactory.create(number="002", title="Case 002")
    for number in ("002/01", "002/02"):
        segment = CaseFactory.create(number=number)
        segment.parent = case
        segment.save(update_fields=["parent"])
    return case


def _wish(case, text, **kwargs):
    kwargs.setdefault("status", Status.ADMITTED)
    return ApplicationFactory.create(case=case, form__reparation_wishes=text, **kwargs)


def _proposals(case):
    return Proposal.objects.filter(case=case, source=ProposalSource.VIF).order_by("pk")


def test_the_wishes_of_a_case_become_proposals_as_they_were_written(reparations, case002):
    ProvinceFactory.create()
    khmer = _wish(case002, KHMER_WISH)
    english = _wish(case002, ENGLISH_WISH)
    english.province_code = "99"  # a code the gazetteer does not know
    english.save(update_fields=["province_code"])
    # None of these is a Civil Party's wish on a received application of the case:
    _wish(case002, "   \n")
    _wish(case002, ENGLISH_WISH, kind=ApplicationKind.COMPLAINT)
    ApplicationFactory.create(case=case002, form__reparation_wishes=ENGLISH_WISH)  # a draft
    archived = _wish(case002, ENGLISH_WISH)
    archived.form.archived_at = archived.created_at
    archived.form.archive_reason = "Entered twice"
    archived.form.save(update_fields=["archived_at", "archive_reason"])
    _wish(CaseFactory.create(number="004"), ENGLISH_WISH)

    job = services.proposal_import_request(user=reparations, case=case002)

    assert (job.status, job.total, job.brought_in) == (ImportStatus.DONE, 2, 2)
    rows = list(_proposals(case002))
    assert [(p.application_id, p.text, p.language, p.category) for p in rows] == [
        (khmer.pk, KHMER_WISH, "km", ""),
        (english.pk, ENGLISH_WISH, "en", ""),
    ]
    assert [p.province_id for p in rows] == [khmer.province_code, None]
    assert all(p.recorded_by == reparations and p.version == 0 for p in rows)
    entry = AuditEntry.objects.get(object_type="reparations.proposalimport")
    assert entry.action == AuditAction.CREATE
    assert entry.changes["brought_in"]["new"] == 2
    assert entry.changes["case"]["new"] == case002.pk


def test_bringing_in_again_adds_only_the_new_wishes(reparations, case002):
    _wish(case002, ENGLISH_WISH)
    services.proposal_import_request(user=reparations, case=case002)
    later = _wish(case002, KHMER_WISH)
    again = services.proposal_import_request(user=reparations, case=case002)
    assert again.brought_in == 1
    assert list(_proposals(case002).values_list("application_id", flat=True))[-1] == later.pk
    assert _proposals(case002).count() == 2


def test_a_large_case_is_brought_in_by_the_background_worker_in_batches(
    reparations, case002, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "IN_REQUEST_LIMIT", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    applications = [_wish(case002, f"{ENGLISH_WISH} ({n})") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.proposal_import_request(user=reparations, case=case002)
        assert job.status == ImportStatus.QUEUED
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.total, job.brought_in, job.progress) == (ImportStatus.DONE, 5, 5, 1.0)
    assert list(_proposals(case002).values_list("application_id", flat=True)) == [
        a.pk for a in applications
    ]
    assert AuditEntry.objects.filter(object_type="reparations.proposalimport").count() == 1


def test_a_failed_run_keeps_and_audits_the_batches_it_committed(
    reparations, case002, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "IN_REQUEST_LIMIT", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    for n in range(5):
        _wish(case002, f"{ENGLISH_WISH} ({n})")
    insert_batch = services._insert_batch
    calls = []

    def failing_second(user, applications):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return insert_batch(user, applications)

    monkeypatch.setattr(services, "_insert_batch", failing_second)
    # The worker records the task's failure; the run's row and the log say what was done.
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_import_request(user=reparations, case=case002)
    job = ProposalImport.objects.get()
    assert (job.status, job.brought_in, job.error) == (
        ImportStatus.FAILED,
        2,
        "the database went away",
    )
    assert _proposals(case002).count() == 2
    entry = AuditEntry.objects.get(object_type="reparations.proposalimport")
    assert entry.changes["brought_in"]["new"] == 2
    # The case is free for another run, which brings in the rest.
    monkeypatch.setattr(services, "_insert_batch", insert_batch)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.proposal_import_request(user=reparations, case=case002)
    again.refresh_from_db()
    assert (again.status, again.brought_in) == (ImportStatus.DONE, 3)


def test_one_run_at_a_time_per_case(reparations, case002, monkeypatch):
    monkeypatch.setattr(services, "IN_REQUEST_LIMIT", 0)
    _wish(case002, ENGLISH_WISH)
    services.proposal_import_request(user=reparations, case=case002)
    with pytest.raises(ValidationError):
        services.proposal_import_request(user=reparations, case=case002)


@pytest.mark.parametrize("name", RECORDERS)
def test_who_may_bring_in_the_wishes(request, name, case002):
    _wish(case002, ENGLISH_WISH)
    services.proposal_import_request(user=request.getfixturevalue(name), case=case002)
    assert _proposals(case002).count() == 1


@pytest.mark.parametrize("name", NOT_RECORDERS)
def test_who_may_not_bring_in_the_wishes(request, name, case002):
    _wish(case002, ENGLISH_WISH)
    with pytest.raises(PermissionDenied):
        services.proposal_import_request(user=request.getfixturevalue(name), case=case002)
    assert not _proposals(case002).exists()


def test_the_language_detected(case002):
    assert services.detected_language(KHMER_WISH) == "km"
    assert services.detected_language("Stupa ស្តូប") == "km"
    assert services.detected_language(ENGLISH_WISH) == "en"


# --- by hand -----------------------------------------------------------------------------------


def _forum(case, **changes):
    values = {
        "case": case,
        "source": ProposalSource.FORUM,
        "text": "Une école pour nos petits-enfants",
        "language": "fr",
        "category": Category.EDUCATION,
        "province": ProvinceFactory.create(),
        "occasion": "Regional forum, Kampong Cham",
        "voiced_on": datetime.date(2013, 6, 14),
    }
    return ProposalData(**(values | changes))


@pytest.mark.parametrize("name", RECORDERS)
def test_a_proposal_from_a_forum_is_recorded_in_its_words(request, name, case002):
    user = request.getfixturevalue(name)
    proposal = services.proposal_record(user=user, data=_forum(case002))
    assert (proposal.text, proposal.language, proposal.category) == (
        "Une école pour nos petits-enfants",
        "fr",
        Category.EDUCATION,
    )
    entry = AuditEntry.objects.get(object_type="reparations.proposal", object_id=str(proposal.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.changes["occasion"]["new"] == "Regional forum, Kampong Cham"


@pytest.mark.parametrize("name", NOT_RECORDERS)
def test_who_may_not_record_a_proposal(request, name, case002):
    with pytest.raises(PermissionDenied):
        services.proposal_record(user=request.getfixturevalue(name), data=_forum(case002))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occasion": " "}, "occasion"),
        ({"voiced_on": None}, "voiced_on"),
        ({"province": None}, "province"),
        ({"category": ""}, "category"),
        ({"text": "  "}, "text"),
        ({"source": ProposalSource.VIF}, "source"),
        ({"source": ProposalSource.ORGANISATION}, "organisation"),
        ({"source": ProposalSource.GROUP}, "group"),
        ({"voiced_on": datetime.date.today() + datetime.timedelta(days=2)}, "voiced_on"),
    ],
)
def test_a_proposal_by_hand_says_what_its_source_needs(reparations, case002, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.proposal_record(user=reparations, data=_forum(case002, **changes))
    assert field in refused.value.error_dict
    assert not Proposal.objects.exists()


def test_a_groups_proposal_is_of_the_groups_case(reparations, case002):
    group = CivilPartyGroupFactory.create(case=CaseFactory.create(number="004"))
    with pytest.raises(ValidationError):
        services.proposal_record(
            user=reparations,
            data=_forum(case002, source=ProposalSource.GROUP, group=group, occasion=""),
        )
    own = CivilPartyGroupFactory.create(case=case002)
    proposal = services.proposal_record(
        user=reparations, data=_forum(case002, source=ProposalSource.GROUP, group=own)
    )
    # What the source does not name is not kept.
    assert (proposal.group, proposal.occasion, proposal.voiced_on) == (own, "", None)


def test_an_organisations_proposal(reparations, case002):
    organisation = OrganisationFactory.create(name="Kdei Karuna", acronym="KK")
    proposal = services.proposal_record(
        user=reparations,
        data=_forum(case002, source=ProposalSource.ORGANISATION, organisation=organisation),
    )
    assert proposal.organisation == organisation


# --- corrections and archiving ------------------------------------------------------------------


def test_staff_correct_the_language_detected(reparations, case002):
    proposal = ProposalFactory.create(case=case002, language="en", text="Sala chhan")
    services.proposal_correct(
        user=reparations,
        proposal=proposal,
        language="km",
        category=Category.REMEMBRANCE,
        expected_version=0,
    )
    proposal.refresh_from_db()
    assert (proposal.language, proposal.version) == ("km", 1)
    entry = AuditEntry.objects.get(object_type="reparations.proposal", action=AuditAction.UPDATE)
    assert entry.changes["language"] == {"old": "en", "new": "km"}
    with pytest.raises(StaleEdit):
        services.proposal_correct(
            user=reparations,
            proposal=proposal,
            language="en",
            category=Category.REMEMBRANCE,
            expected_version=0,
        )


def test_a_proposal_by_hand_keeps_a_category(reparations, case002):
    proposal = ProposalFactory.create(case=case002)
    with pytest.raises(ValidationError):
        services.proposal_correct(user=reparations, proposal=proposal, language="en", category="")


@pytest.mark.parametrize("name", NOT_RECORDERS)
def test_who_may_not_correct_or_archive(request, name, case002):
    proposal = ProposalFactory.create(case=case002)
    user = request.getfixturevalue(name)
    with pytest.raises(PermissionDenied):
        services.proposal_correct(user=user, proposal=proposal, language="km", category="")
    with pytest.raises(PermissionDenied):
        services.proposal_archive(user=user, proposal=proposal, reason="Twice")


def test_archiving_says_why_and_keeps_the_proposal(reparations, case002):
    proposal = ProposalFactory.create(case=case002)
    with pytest.raises(ValidationError):
        services.proposal_archive(user=reparations, proposal=proposal, reason=" ")
    services.proposal_archive(
        user=reparations, proposal=proposal, reason="Recorded twice", expected_version=0
    )
    proposal.refresh_from_db()
    assert (proposal.archived_by, proposal.archive_reason) == (reparations, "Recorded twice")
    assert proposal.archived_at is not None
    with pytest.raises(ValidationError):
        services.proposal_archive(user=reparations, proposal=proposal, reason="Again")


# --- on many at once ------------------------------------------------------------------------------


def _many(case, count=3, **kwargs):
    ids = [ProposalFactory.create(case=case, **kwargs).pk for _ in range(count)]
    return Proposal.objects.filter(pk__in=ids)


def _updates():
    return AuditEntry.objects.filter(object_type="reparations.proposal", action=AuditAction.UPDATE)


def test_setting_the_category_of_the_ticked_proposals(reparations, case002):
    proposals = _many(case002, category="")
    already = ProposalFactory.create(case=case002, category=Category.EDUCATION)
    ticked = Proposal.objects.filter(pk__in=[*proposals.values_list("pk", flat=True), already.pk])
    changed = services.proposals_set_category(
        user=reparations, proposals=ticked, category=Category.EDUCATION
    )
    assert changed == 3
    assert set(ticked.values_list("category", "version")) == {
        (Category.EDUCATION, 1),
        (Category.EDUCATION, 0),
    }
    assert [e.changes["category"] for e in _updates()] == [
        {"old": "", "new": Category.EDUCATION}
    ] * 3
    with pytest.raises(ValidationError):
        services.proposals_set_category(user=reparations, proposals=ticked, category="money")


def test_tagging_the_ticked_proposals_once(reparations, case002):
    tag = services.tag_create(user=reparations, name="  stupa   ")
    assert tag.name == "stupa"
    proposals = _many(case002, 2)
    assert services.proposals_add_tag(user=reparations, proposals=proposals, tag=tag) == 2
    assert services.proposals_add_tag(user=reparations, proposals=proposals, tag=tag) == 0
    assert [e.changes for e in _updates()] == [{"tags_added": {"old": None, "new": "stupa"}}] * 2
    with pytest.raises(ValidationError):
        services.tag_create(user=reparations, name="Stupa")


def test_a_theme_groups_proposals_of_its_own_case(reparations, case002):
    theme = services.theme_create(
        user=reparations, name="Stupas", case=case002, category=Category.REMEMBRANCE
    )
    with pytest.raises(ValidationError):
        services.theme_create(
            user=reparations, name="stupas", case=case002, category=Category.REMEMBRANCE
        )
    ours = _many(case002, 2)
    assert services.proposals_put_in_theme(user=reparations, proposals=ours, theme=theme) == 2
    assert set(ours.values_list("theme", flat=True)) == {theme.pk}
    theirs = _many(CaseFactory.create(number="004"), 1)
    with pytest.raises(ValidationError):
        services.proposals_put_in_theme(user=reparations, proposals=theirs, theme=theme)


def test_a_project_of_a_segment_answers_the_wishes_filed_in_its_case(reparations, case002):
    segment = case002.sub_cases.get(number="002/02")
    project = ProjectFactory.create(cases=[segment])
    proposals = _many(case002, 2)
    linked = services.proposals_link_project(user=reparations, proposals=proposals, project=project)
    assert linked == 2
    assert set(project.proposals.values_list("pk", flat=True)) == set(
        proposals.values_list("pk", flat=True)
    )
    assert [e.changes for e in _updates()] == [
        {"answered_by_added": {"old": None, "new": project.reference}}
    ] * 2
    elsewhere = ProjectFactory.create(cases=[CaseFactory.create(number="001")])
    with pytest.raises(ValidationError):
        services.proposals_link_project(user=reparations, proposals=proposals, project=elsewhere)


def test_an_abandoned_project_answers_nothing(reparations, case002):
    project = ProjectFactory.create(cases=[case002], status=ProjectStatus.ABANDONED)
    with pytest.raises(ValidationError):
        services.proposals_link_project(
            user=reparations, proposals=_many(case002, 1), project=project
        )


def test_linking_a_theme_links_its_proposals(reparations, case002):
    theme = ProposalThemeFactory.create(case=case002)
    grouped = _many(case002, 2, theme=theme)
    ProposalFactory.create(case=case002)  # not in the theme
    project = ProjectFactory.create(cases=[case002])
    assert services.theme_link_project(user=reparations, theme=theme, project=project) == 2
    assert set(project.proposals.values_list("pk", flat=True)) == set(
        grouped.values_list("pk", flat=True)
    )
    assert AuditEntry.objects.filter(
        object_type="reparations.proposaltheme", object_id=str(theme.pk)
    ).exists()


def test_archived_proposals_are_left_out_of_actions(reparations, case002):
    proposals = _many(case002, 1)
    services.proposal_archive(user=reparations, proposal=proposals.get(), reason="Twice")
    with pytest.raises(ValidationError):
        services.proposals_set_category(
            user=reparations, proposals=proposals, category=Category.EDUCATION
        )


@pytest.mark.parametrize("name", NOT_RECORDERS)
def test_who_may_not_sort_proposals(request, name, case002):
    user = request.getfixturevalue(name)
    proposals = _many(case002, 1)
    theme = ProposalThemeFactory.create(case=case002)
    project = ProjectFactory.create(cases=[case002])
    refused = [
        lambda: services.proposals_set_category(
            user=user, proposals=proposals, category=Category.EDUCATION
        ),
        lambda: services.proposals_put_in_theme(user=user, proposals=proposals, theme=theme),
        lambda: services.proposals_link_project(user=user, proposals=proposals, project=project),
        lambda: services.theme_link_project(user=user, theme=theme, project=project),
        lambda: services.tag_create(user=user, name="stupa"),
        lambda: services.theme_create(
            user=user, name="Stupas", case=case002, category=Category.REMEMBRANCE
        ),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()
    assert not AuditEntry.objects.filter(object_type__startswith="reparations.").exists()
