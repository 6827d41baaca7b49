"""The tally, figure by figure, against counts made by hand on a small programme: Case 002
(whose Civil Parties applied there) with its segment 002/02 (where the projects are),
and Case 004."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Status
from vss.reparations.models import Category, ProjectStatus, ProposalSource
from vss.reparations.selectors.consultation import TallyRow, tally_for_user
from vss.reparations.services.consultation import proposal_tally_refresh_case
from vss.testing.clients import signed_in
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    PersonFactory,
    ProjectFactory,
    ProposalFactory,
    ProvinceFactory,
)

from .consultation_links import answer

pytestmark = pytest.mark.django_db

R, E, H = Category.REMEMBRANCE, Category.EDUCATION, Category.REHABILITATION


@pytest.fixture
def programme(lead_co_lawyer):
    """The Lead Co-Lawyer persona leads 002/02, a segment of 002."""
    case002 = CaseFactory.create(number="002")
    segment = CaseFactory.create(number="002/02")
    segment.parent = case002
    segment.save(update_fields=["parent"])
    case004 = CaseFactory.create(number="004")
    phnom_penh = ProvinceFactory.create(code="12")
    kampong_cham = ProvinceFactory.create(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម")
    answering = ProjectFactory.create(cases=[segment])
    abandoned = ProjectFactory.create(cases=[segment], status=ProjectStatus.ABANDONED)

    def wish(case, category, province, family_name, *answered_by):
        application = ApplicationFactory.create(
            case=case,
            status=Status.ADMITTED,
            form__applicant=PersonFactory.create(family_name_latin=family_name),
        )
        proposal = ProposalFactory.create(
            case=case,
            source=ProposalSource.VIF,
            application=application,
            occasion="",
            voiced_on=None,
            category=category,
            province=province,
        )
        return answer(proposal, *answered_by)

    wish(case002, R, kampong_cham, "CHEA", answering)
    wish(case002, R, kampong_cham, "SOK")
    forum = ProposalFactory.create(case=case002, category=R, province=kampong_cham)
    answer(forum, answering)
    wish(case002, E, phnom_penh, "PAUV", abandoned)  # answered by nothing that goes on
    wish(case002, "", phnom_penh, "THEARY", answering)
    set_aside = ProposalFactory.create(case=case002, category=R, province=kampong_cham)
    set_aside.archived_at = set_aside.recorded_at
    set_aside.archive_reason = "Recorded twice"
    set_aside.save(update_fields=["archived_at", "archive_reason"])
    proposal_tally_refresh_case(case002.pk)  # archived past the services
    ProposalFactory.create(case=case004, category=H, province=phnom_penh)
    return case002, case004


# Counted by hand from the fixture above: (case, category, province, proposals, Civil
# Parties asking, answered, Civil Parties answered).
HAND_COUNTS = [
    ("002", "", "12", 1, 1, 1, 1),
    ("002", E, "12", 1, 1, 0, 0),
    ("002", R, "03", 3, 2, 2, 1),
    ("004", H, "12", 1, 0, 0, 0),
]


def _figures(rows: list[TallyRow]) -> list[tuple[object, ...]]:
    return [
        (
            r.case_number,
            r.category,
            r.province_id,
            r.proposals,
            r.civil_parties,
            r.answered,
            r.civil_parties_answered,
        )
        for r in rows
    ]


def test_each_figure_of_the_tally_is_the_count_made_by_hand(programme, reparations):
    rows = tally_for_user(reparations)
    assert _figures(rows) == HAND_COUNTS
    assert [r.share_answered for r in rows] == [
        Decimal("100.0"),
        Decimal("0.0"),
        Decimal("66.7"),
        Decimal("0.0"),
    ]


def test_the_tally_of_one_case(programme, reparations):
    _case002, case004 = programme
    assert _figures(tally_for_user(reparations, case004.pk)) == HAND_COUNTS[3:]


def test_a_lead_co_lawyer_counts_the_cases_they_lead(programme, lead_co_lawyer):
    """Leading 002/02, the Lead Co-Lawyer reads the tally of Case 002, where its Civil
    Parties applied; not that of Case 004."""
    assert _figures(tally_for_user(lead_co_lawyer)) == HAND_COUNTS[:3]


def test_the_tally_is_one_query(programme, reparations):
    with CaptureQueriesContext(connection) as queries:
        tally_for_user(reparations)
    # The cases in scope, then the counts: whatever the number of rows.
    assert len(queries) == 2


def test_a_lead_co_lawyers_tally_page_gives_counts_and_no_words_or_names(
    request, programme, lead_co_lawyer
):
    page = signed_in(request, "lead_co_lawyer").get(reverse("reparations:tally"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kampong Cham" in text
    assert "66.7" in text
    for private in ("A stupa in the village", "CHEA", "SOK", "VSS-"):
        assert private not in text
    assert "004" not in [row.case_number for row in page.context["rows"]]
