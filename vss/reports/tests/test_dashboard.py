"""The dashboard's figures against counts written by hand for a small world of six
applications, filtered by case (a case with its segments) and by period; each count that
the list of applications can filter links into it; the page names no one and takes a
bounded number of queries."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.accounts.models import OrganisationKind
from vss.applications.models import CrimeSuffered, Harm, HarmKind, Status, VictimType
from vss.audit.models import AuditEntry
from vss.representation.models import LawyerStatus
from vss.support.models import ReferralStatus
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CommuneFactory,
    ConsentFactory,
    CrimeTypeFactory,
    DistrictFactory,
    LawyerFactory,
    OrganisationFactory,
    PersonFactory,
    ProvinceFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def world():
    """Six applications, each described in full:

    | app | case   | status      | sex    | born       | province     | ethnicity | received   | crimes                  | harm          |
    | a1  | 002    | admitted    | female | 1950       | Phnom Penh   | khmer     | 2023-03-10 | murder, forced marriage | physical      |
    | a2  | 002    | admitted    | female | 1950       | Phnom Penh   | cham      | 2023-06-01 | murder                  | psychological |
    | a3  | 002    | received    | male   | 1980       | Kampong Cham | khmer     | 2024-02-01 |                         |               |
    | a4  | 004    | provisional | male   | unknown    | none         | unknown   | 2024-02-15 |                         |               |
    | a5  | 004/01 | rejected    | female | 1940-05-01 | Phnom Penh   | khmer     | 2022-12-01 |                         |               |
    | a6  | 002    | draft       | female | 1950       | Phnom Penh   | khmer     | not yet    |                         |               |
    """
    case_002 = CaseFactory(number="002", title="Case 002")
    segment = CaseFactory(number="002/01", parent=case_002, accepts_applications=False)
    case_004 = CaseFactory(number="004", title="Case 004")
    case_004_01 = CaseFactory(number="004/01", parent=case_004)
    CaseFactory(number="001")
    phnom_penh = VillageFactory()
    kampong_cham = VillageFactory(
        code="03010101",
        name_en="Phum Kandal",
        name_km="ភូមិកណ្ដាល",
        commune=CommuneFactory(
            code="030101",
            district=DistrictFactory(
                code="0301",
                province=ProvinceFactory(code="03", name_en="Kampong Cham", name_km="កំពង់ចាម"),
            ),
        ),
    )

    def application(case, status, *, sex, village, ethnicity, received, **born):
        person = PersonFactory(sex=sex, village=village, ethnicity=ethnicity, **born)
        form = VifFactory(applicant=person, received_on=_day(received) if received else None)
        return ApplicationFactory(form=form, case=case, status=status)

    apps = {
        "a1": application(
            case_002, Status.ADMITTED, sex="female", village=phnom_penh, ethnicity="khmer",
            received="2023-03-10", birth_year=1950,
        ),
        "a2": application(
            case_002, Status.ADMITTED, sex="female", village=phnom_penh, ethnicity="cham",
            received="2023-06-01", birth_year=1950,
        ),
        "a3": application(
            case_002, Status.RECEIVED, sex="male", village=kampong_cham, ethnicity="khmer",
            received="2024-02-01", birth_year=1980,
        ),
        "a4": application(
            case_004, Status.PROVISIONAL, sex="male", village=None, ethnicity="unknown",
            received="2024-02-15", birth_year=None,
        ),
        "a5": application(
            case_004_01, Status.REJECTED, sex="female", village=phnom_penh, ethnicity="khmer",
            received="2022-12-01", birth_year=None, birth_date=_day("1940-05-01"),
        ),
        "a6": application(
            case_002, Status.DRAFT, sex="female", village=phnom_penh, ethnicity="khmer",
            received=None, birth_year=1950,
        ),
    }  # fmt: skip
    murder = CrimeTypeFactory()
    forced_marriage = CrimeTypeFactory(
        code="cah-forced-marriage", name="Forced marriage", name_km="ការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ"
    )
    for form, crime in [
        (apps["a1"].form, murder),
        (apps["a1"].form, forced_marriage),
        # The same crime at a second place: the application still counts once under it.
        (apps["a1"].form, murder),
        (apps["a2"].form, murder),
    ]:
        CrimeSuffered.objects.create(form=form, crime_type=crime)
    Harm.objects.create(form=apps["a1"].form, kind=HarmKind.PHYSICAL, victim_type=VictimType.DIRECT)
    Harm.objects.create(
        form=apps["a2"].form, kind=HarmKind.PSYCHOLOGICAL, victim_type=VictimType.DIRECT
    )
    # Lawyers: CHAN for a1, a2 and a3, KEO for a1 too, PICH (suspended, so representing
    # nobody under Rule 23ter, though still holding the mandate) for a4; LONG's mandate
    # for a2 has ended.
    chan, keo, pich, long_ = (
        LawyerFactory(family_name=name, given_name="Dara")
        for name in ("CHAN", "KEO", "PICH", "LONG")
    )
    pich.status = LawyerStatus.SUSPENDED
    pich.save()
    for lawyer, application in [
        (chan, "a1"), (chan, "a2"), (chan, "a3"), (keo, "a1"), (pich, "a4"),
    ]:  # fmt: skip
        RepresentationFactory(lawyer=lawyer, application=apps[application])
    RepresentationFactory(
        lawyer=long_,
        application=apps["a2"],
        ended_on=datetime.date(2012, 1, 1),
        end_reason="Replaced by CHAN",
    )
    # Referrals: to TPO, a1's applicant (open), a2's (closed) and someone who never
    # applied (open); to Kdei Karuna, a3's applicant (open).
    kdei_karuna = OrganisationFactory(
        name="Kdei Karuna",
        acronym="Kdei Karuna",
        kind=OrganisationKind.PARTNER,
        offers_support=True,
    )
    tpo = ReferralFactory(consent=ConsentFactory(person=apps["a1"].applicant)).partner
    ReferralFactory(
        consent=ConsentFactory(person=apps["a2"].applicant),
        partner=tpo,
        status=ReferralStatus.CLOSED,
        closed_on=datetime.date(2024, 9, 1),
        closure_reason="Sessions completed",
    )
    ReferralFactory(partner=tpo)
    ReferralFactory(consent=ConsentFactory(person=apps["a3"].applicant), partner=kdei_karuna)
    # Read as the page reads them: as last counted.
    counting_now(user=None)
    return {
        "tpo": tpo,
        "chan": chan,
        **apps,
        "002": case_002,
        "002/01": segment,
        "004": case_004,
        "004/01": case_004_01,
    }


def _figures(client, **filters):
    response = client.get(URL, filters)
    assert response.status_code == 200
    return _tables(response.content.decode())


def _tables(page: str) -> dict[str, list[list[str]]]:
    """Each figure's table, by the figure's name, as rows of cell texts."""
    tables = {}
    for name, section in re.findall(
        r'<section class="figure" id="figure-([\w-]+)">(.*?)</section>', page, re.S
    ):
        body = re.search(r"<tbody>(.*?)</tbody>", section, re.S)
        if body is None:
            continue
        tables[name] = [
            [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(
                r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S
            )]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
        ]  # fmt: skip
    return tables


def _links(page: str) -> dict[str, dict[str, dict[str, list[str]]]]:
    """The links into the list of applications, by the text of the row they stand in."""
    found: dict[str, dict[str, dict[str, list[str]]]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        label = " | ".join(
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        )
        for href in re.findall(r'href="([^"]+)"', row):
            href = unescape(href)
            if urlsplit(href).path == reverse("applications:list"):
                found.setdefault(label, {})[href] = parse_qs(urlsplit(href).query)
    return found


def test_every_figure_counts_as_written_by_hand(client, chief, world):
    client.force_login(chief)
    figures = _figures(client)
    assert figures["case-status"] == [
        ["Case 002", "Draft", "1"],
        ["Case 002", "Received", "1"],
        ["Case 002", "Admitted", "2"],
        ["Case 004", "Provisional Civil Party", "1"],
        ["Case 004/01", "Rejected", "1"],
    ]
    assert figures["civil-parties"] == [
        ["Case 002", "0", "2", "0", "2"],
        ["Case 004", "1", "0", "0", "1"],
    ]
    assert figures["province"] == [
        ["Phnom Penh", "4", "2"],
        ["Kampong Cham", "1", "0"],
        ["Province not known", "1", "1"],
    ]
    assert figures["sex"] == [["Female", "4", "2"], ["Male", "2", "1"]]
    assert figures["age"] == [
        ["Under 50", "1", "0"],
        ["70 to 79", "3", "2"],
        ["80 and over", "1", "0"],
        ["Age unknown", "1", "1"],
    ]
    assert figures["ethnicity"] == [
        ["Khmer", "4", "1"],
        ["Cham", "1", "1"],
        ["Not stated", "1", "1"],
    ]
    assert figures["crime-type"] == [
        ["Murder", "2", "2"],
        ["Forced marriage", "1", "1"],
        ["None recorded", "4", "1"],
    ]
    assert figures["harm"] == [
        ["Physical", "1", "1"],
        ["Psychological", "1", "1"],
        ["None recorded", "4", "1"],
    ]
    assert figures["over-time"] == [
        ["2022", "1", "0"],
        ["2023", "2", "2"],
        ["2024", "2", "1"],
        ["Not received yet", "1", "0"],
    ]


def test_representation_counts_as_written_by_hand(client, chief, world):
    client.force_login(chief)
    figures = _figures(client)
    assert figures["representation"] == [["Case 002", "2", "0"], ["Case 004", "0", "1"]]
    assert figures["caseloads"] == [["CHAN Dara", "3"], ["KEO Dara", "1"], ["PICH Dara", "1"]]
    figures = _figures(client, case=world["002"].pk, received_from="2023-05")
    assert figures["representation"] == [["Case 002", "1", "0"]]
    assert figures["caseloads"] == [["CHAN Dara", "2"]]


def test_a_caseload_leads_to_the_lawyers_caseload_when_every_application_is_counted(
    client, chief, world
):
    client.force_login(chief)
    caseload = reverse("representation:lawyer_caseload", args=[world["chan"].pk])
    assert f'<a href="{caseload}">3</a>' in client.get(URL).content.decode()
    filtered = client.get(URL, {"case": world["002"].pk}).content.decode()
    assert caseload not in filtered


def test_referrals_count_as_written_by_hand_and_lead_to_their_list(client, chief, world):
    client.force_login(chief)
    page = client.get(URL).content.decode()
    assert _tables(page)["support"] == [
        ["TPO", "2", "1", "3"],
        ["Kdei Karuna", "1", "0", "1"],
    ]
    referrals = reverse("support:referral_list")
    assert f'<a href="{referrals}?partner={world["tpo"].pk}&amp;status=closed">1</a>' in page
    # With a case and a period, those of the applicants counted, and no way into a list
    # that filters by neither.
    page = client.get(URL, {"case": world["002"].pk, "received_from": "2023-05"})
    assert _tables(page.content.decode())["support"] == [
        ["Kdei Karuna", "1", "0", "1"],
        ["TPO", "0", "1", "1"],
    ]
    assert f"{referrals}?" not in page.content.decode()


def test_a_case_counts_with_its_segments(client, chief, world):
    client.force_login(chief)
    case_002 = _figures(client, case=world["002"].pk)
    assert case_002["sex"] == [["Female", "3", "2"], ["Male", "1", "0"]]
    # A trial segment's Civil Parties are those of the case they filed in.
    assert _figures(client, case=world["002/01"].pk) == case_002
    # 004 with 004/01, which takes applications of its own.
    case_004 = _figures(client, case=world["004"].pk)
    assert case_004["case-status"] == [
        ["Case 004", "Provisional Civil Party", "1"],
        ["Case 004/01", "Rejected", "1"],
    ]
    assert case_004["sex"] == [["Female", "1", "0"], ["Male", "1", "1"]]
    assert _figures(client, case=world["004/01"].pk)["sex"] == [["Female", "1", "0"]]


def test_a_period_counts_the_forms_received_within_it_by_month(client, chief, world):
    client.force_login(chief)
    figures = _figures(client, received_from="2023-01", received_to="2023-12")
    assert figures["sex"] == [["Female", "2", "2"]]
    assert figures["over-time"] == [["March 2023", "1", "1"], ["June 2023", "1", "1"]]
    # A long period is counted by year.
    figures = _figures(client, received_from="2020-01", received_to="2024-12")
    assert [row[0] for row in figures["over-time"]] == ["2022", "2023", "2024"]
    assert _figures(client, received_from="2024-01")["sex"] == [["Male", "2", "1"]]


def test_a_refused_filter_is_said_with_what_was_typed(client, chief, world):
    client.force_login(chief)
    response = client.get(URL, {"received_from": "2024-05", "received_to": "2024-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The period ends before it starts." in page
    assert 'value="2024-05"' in page
    assert _tables(page) == {}
    response = client.get(URL, {"received_from": "31/02/2024", "case": "nine"})
    assert response.status_code == 200
    assert 'value="31/02/2024"' in response.content.decode()


def test_each_count_links_to_the_list_filtered_as_it_counts(client, chief, world):
    client.force_login(chief)
    links = _links(client.get(URL).content.decode())
    case_002 = str(world["002"].pk)
    assert list(links["Case 002 | Admitted | 2"].values()) == [
        {"case": [case_002], "status": ["admitted"]}
    ]
    assert list(links["Case 004 | 1 | 0 | 0 | 1"].values()) == [
        {"case": [str(world["004"].pk)], "status": ["provisional"]}
    ]
    assert list(links["Phnom Penh | 4 | 2"].values()) == [{"province": ["12"]}]
    assert list(links["2023 | 2 | 2"].values()) == [
        {"received_from": ["2023-01-01"], "received_to": ["2023-12-31"]}
    ]
    # The list cannot filter by sex, age, ethnicity, crime or harm, nor find no province.
    assert "Female | 4 | 2" not in links
    assert "Province not known | 1 | 1" not in links
    assert "Murder | 2 | 2" not in links

    # With one case and a period, the links carry both, the period cut to the year's.
    links = _links(
        client.get(URL, {"case": world["002/01"].pk, "received_from": "2023-05"}).content.decode()
    )
    assert list(links["2023 | 1 | 1"].values()) == [
        {"case": [case_002], "received_from": ["2023-05-01"], "received_to": ["2023-12-31"]}
    ]
    assert list(links["Phnom Penh | 1 | 1"].values()) == [
        {"case": [case_002], "province": ["12"], "received_from": ["2023-05-01"]}
    ]
    # A case with a segment of its own: the list takes one case, so only the counts of
    # one case link.
    links = _links(client.get(URL, {"case": world["004"].pk}).content.decode())
    assert "Phnom Penh | 1 | 0" not in links
    assert "Case 004/01 | Rejected | 1" in links


def test_the_links_lead_to_as_many_applications_as_they_count(client, chief, world):
    client.force_login(chief)
    for filters in ({}, {"case": world["002"].pk, "received_from": "2023-05"}):
        page = client.get(URL, filters).content.decode()
        counted = re.findall(r'<a href="(/applications/\?[^"]+)">(\d+)</a>', page)
        assert len(counted) >= 5
        for href, count in counted:
            listed = client.get(unescape(href)).content.decode()
            assert re.search(rf'class="result-count">{count} results?<', listed), href


def test_the_page_names_no_one_and_is_no_read_of_personal_data(client, chief, world):
    client.force_login(chief)
    before = AuditEntry.objects.count()
    page = client.get(URL).content.decode()
    assert "Chea" not in page and "SOK" not in page
    assert AuditEntry.objects.count() == before


# The session and its user, where the counting stands, the cases of the filter, the
# case's segments, then each figure's kept count and the names of what it counted (cases,
# provinces, crimes, lawyers, partners), the events of the case for its messages, the
# programme's projects and their sum.
QUERIES = 30


def test_the_queries_do_not_grow_with_the_applications(
    client, chief, world, django_assert_max_num_queries
):
    client.force_login(chief)
    filters = {"case": world["004"].pk, "received_from": "2000-01"}
    with django_assert_max_num_queries(QUERIES):
        client.get(URL, filters)
    # More applications, in more cases, provinces and statuses, with more lawyers.
    for case in (world["004"], world["004/01"]):
        for status in (Status.ADMITTED, Status.PROVISIONAL, Status.RECEIVED):
            RepresentationFactory(
                application=ApplicationFactory(
                    case=case, status=status, form=VifFactory(applicant=PersonFactory(village=None))
                )
            )
    counting_now(user=None)
    with django_assert_max_num_queries(QUERIES):
        client.get(URL, filters)
    with django_assert_max_num_queries(QUERIES):
        client.get(URL)


def _kept_count_reads(queries) -> int:
    return sum("tallies_keptcount" in query["sql"] for query in queries.captured_queries)


def test_figures_shown_again_are_those_made_of_the_same_count(client, chief, world):
    client.force_login(chief)
    with CaptureQueriesContext(connection) as first:
        page = client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as again:
        shown_again = client.get(URL).content.decode()
    assert _tables(shown_again) == _tables(page)
    assert _links(shown_again) == _links(page)
    assert _kept_count_reads(first) >= 13
    assert _kept_count_reads(again) == 0
    # Another period is made from the counts, and then kept too.
    period = {"received_from": "2023-01", "received_to": "2023-12"}
    with CaptureQueriesContext(connection) as other:
        monthly = _figures(client, **period)["over-time"]
    assert monthly == [["March 2023", "1", "1"], ["June 2023", "1", "1"]]
    assert _kept_count_reads(other) > 0
    with CaptureQueriesContext(connection) as other_again:
        assert _figures(client, **period)["over-time"] == monthly
    assert _kept_count_reads(other_again) == 0


def test_a_new_count_is_shown_at_once(client, chief, world):
    client.force_login(chief)
    assert ["Case 002", "Received", "1"] in _figures(client)["case-status"]
    ApplicationFactory(case=world["002"], status=Status.RECEIVED, received_on=_day("2024-03-01"))
    # Not counted yet: the page still shows the figures of the last count, as it says.
    assert ["Case 002", "Received", "1"] in _figures(client)["case-status"]
    counting_now(user=None)
    assert ["Case 002", "Received", "2"] in _figures(client)["case-status"]


def test_kept_figures_follow_the_readers_rights_and_language(client, chief, reparations, world):
    referrals = reverse("support:referral_list")
    client.force_login(chief)
    assert f"{referrals}?" in client.get(URL).content.decode()
    # A reparations officer may not open the referrals: their counts lead nowhere, though
    # a reader who may has just been shown the same count.
    client.force_login(reparations)
    page = client.get(URL).content.decode()
    assert _tables(page)["support"] == [["TPO", "2", "1", "3"], ["Kdei Karuna", "1", "0", "1"]]
    assert f"{referrals}?" not in page
    # The same count in another language is made in that language.
    client.force_login(chief)
    client.cookies["django_language"] = "fr"
    assert ["Dossier n°\xa0002", "Déclarée recevable", "2"] in _figures(client)["case-status"]
    client.cookies["django_language"] = "km"
    assert ["សំណុំរឿង 002", "បានទទួលយក", "2"] in _figures(client)["case-status"]


def test_the_reports_page_leads_to_the_figures(client, chief):
    client.force_login(chief)
    assert f'href="{URL}"' in client.get(reverse("reports:index")).content.decode()
