"""The home page of every role: which sections it shows, in which order."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from vss.accounts.models import Role
from vss.core.home import HomeSection, register_home_section

QUEUES = ["Forms awaiting receipt", "Incomplete applications", "Deadline within 15 days"]

SECTIONS = {
    "chief": [
        *QUEUES,
        "Overdue milestones",
        "Overdue signed lists",
        "Follow-ups due",
        "Recent changes",
        "Projects requested by the Lead Co-Lawyers, awaiting your approval",
        "Projects awaiting your move",
        "Your events in the next 30 days",
    ],
    "intake": [*QUEUES, "Follow-ups due", "Recent changes"],
    "legal": [*QUEUES, "Follow-ups due", "Recent changes"],
    "reparations": [
        *QUEUES,
        "Overdue milestones",
        "Follow-ups due",
        "Recent changes",
        "Projects awaiting your move",
    ],
    "outreach": [
        *QUEUES,
        "Overdue signed lists",
        "Follow-ups due",
        "Recent changes",
        "Your events in the next 30 days",
    ],
    "intermediary": [*QUEUES, "Recent changes"],
    "lawyer": [*QUEUES, "Follow-ups due", "Recent changes"],
    "partner": ["Open referrals", "Follow-ups due"],
    "donor": ["Projects your organisation funds"],
}


def _get_home(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_role_sees_its_sections(db, request, name) -> None:
    response = _get_home(request.getfixturevalue(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert re.findall(r"<h2>([^<]*)</h2>", body) == SECTIONS[name]
    assert ("the Civil Parties you represent" in body) is (name == "lawyer")


def test_the_auditor_is_sent_to_the_audit_log(auditor) -> None:
    response = _get_home(auditor)
    assert response.status_code == 302
    assert response.url == reverse("audit:list")


def test_every_role_is_pinned() -> None:
    assert set(SECTIONS) | {"auditor"} == set(Role.values)


def test_the_partner_sees_its_follow_ups_beside_its_referrals(partner) -> None:
    body = _get_home(partner).content.decode()
    columns = body[body.index('<div class="columns">') :]
    assert columns.index("Open referrals") < columns.index('id="follow-ups"')
    assert columns.index('id="follow-ups"') < columns.index("</div>")


def test_a_second_section_of_a_name_already_taken_is_refused(intake) -> None:
    with pytest.raises(ImproperlyConfigured, match="applications:recent_changes"):
        register_home_section(
            HomeSection(
                name="applications:recent_changes",
                template="core/home.html",
                order=1,
                visible=lambda user: True,
            )
        )
    body = _get_home(intake).content.decode()
    assert re.findall(r"<h2>([^<]*)</h2>", body) == SECTIONS["intake"]
