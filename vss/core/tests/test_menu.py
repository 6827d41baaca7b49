"""The menu of every role, entry by entry and in order: what each role may open."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import Role
from vss.core.menu import MenuEntry, menu_for, register_menu_entry
from vss.testing.factories import UserFactory

STAFF_MENU = [
    ("core:home", "Work queue"),
    ("applications:list", "Applications"),
    ("applications:form_create", "New VIF"),
    ("proceedings:case_list", "Cases"),
    ("representation:group_cases", "Groups"),
    ("matching:queue", "Duplicates"),
    ("representation:lawyer_list", "Lawyers"),
    ("representation:without_lawyer", "Without a lawyer"),
    ("support:referral_list", "Referrals"),
    ("reparations:project_list", "Reparations"),
    ("reparations:proposal_list", "Consultation"),
    ("reparations:funding", "Funding"),
    ("outreach:event_list", "Outreach"),
    ("outreach:calendar", "Calendar"),
]
# Intake reads the consultation's tally, not the proposals themselves.
TALLY = ("reparations:tally", "Consultation")

REPORTS = ("reports:index", "Reports")

IMPORTS = ("imports:home", "Import forms")


def _with_imports(menu: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The import of spreadsheets of forms comes after the new VIF."""
    at = menu.index(("applications:form_create", "New VIF")) + 1
    return [*menu[:at], IMPORTS, *menu[at:]]


EXPECTED = {
    "chief": [
        *_with_imports(STAFF_MENU),
        ("outreach:newsletter_list", "Newsletters"),
        ("outreach:focal_list", "Focal persons"),
        ("outreach:failed_messages", "Messages not delivered"),
        ("portal:content_list", "Public site"),
        REPORTS,
        ("accounts:users", "Accounts"),
    ],
    "legal": [
        *(entry for entry in STAFF_MENU if entry[0] != "applications:form_create"),
        ("outreach:focal_list", "Focal persons"),
        REPORTS,
    ],
    "intake": [
        *_with_imports(
            [
                TALLY if entry[0] == "reparations:proposal_list" else entry
                for entry in STAFF_MENU
                if entry[0] != "representation:without_lawyer"
            ]
        ),
        ("outreach:focal_list", "Focal persons"),
        REPORTS,
    ],
    "reparations": [
        ("core:home", "Work queue"),
        ("applications:list", "Applications"),
        ("proceedings:case_list", "Cases"),
        ("representation:group_cases", "Groups"),
        ("representation:lawyer_list", "Lawyers"),
        ("reparations:project_list", "Reparations"),
        ("reparations:proposal_list", "Consultation"),
        ("reparations:funding", "Funding"),
        ("outreach:event_list", "Outreach"),
        ("outreach:calendar", "Calendar"),
        ("outreach:focal_list", "Focal persons"),
        REPORTS,
    ],
    "outreach": [
        ("core:home", "Work queue"),
        ("applications:list", "Applications"),
        ("proceedings:case_list", "Cases"),
        ("representation:group_cases", "Groups"),
        ("representation:lawyer_list", "Lawyers"),
        ("support:referral_list", "Referrals"),
        ("reparations:project_list", "Reparations"),
        ("reparations:proposal_list", "Consultation"),
        ("reparations:funding", "Funding"),
        ("outreach:event_list", "Outreach"),
        ("outreach:calendar", "Calendar"),
        ("outreach:newsletter_list", "Newsletters"),
        ("outreach:focal_list", "Focal persons"),
        ("outreach:failed_messages", "Messages not delivered"),
        ("portal:content_list", "Public site"),
        REPORTS,
    ],
    "auditor": [("audit:list", "Audit log")],
    "intermediary": [
        ("core:home", "Work queue"),
        ("applications:list", "Applications"),
        ("applications:form_create", "New VIF"),
        ("proceedings:case_list", "Cases"),
    ],
    "lawyer": [
        ("core:home", "Work queue"),
        ("applications:list", "Applications"),
        ("representation:my_clients", "My clients"),
        ("proceedings:case_list", "Cases"),
        ("representation:lawyer_caseload", "My caseload"),
        ("reparations:project_list", "Reparations"),
        TALLY,
        ("reparations:funding", "Funding"),
        ("outreach:calendar", "Calendar"),
    ],
    "partner": [
        ("core:home", "Work queue"),
        ("support:referral_list", "Referrals"),
        ("reparations:project_list", "Reparations"),
        ("reparations:funding", "Funding"),
        ("outreach:event_list", "Outreach"),
        ("outreach:calendar", "Calendar"),
        ("reports:events", "Events report"),
    ],
    "donor": [
        ("core:home", "Work queue"),
        ("reparations:project_list", "Reparations"),
        ("reparations:funding", "Funding"),
        ("reports:funding", "Funding report"),
    ],
}


def _menu(user):
    with translation.override("en"):
        return [(url, str(label)) for url, label in menu_for(user)]


def _expected(name, user):
    entries = []
    for url_name, label in EXPECTED[name]:
        args = [user.lawyer.pk] if url_name == "representation:lawyer_caseload" else []
        entries.append((reverse(url_name, args=args), label))
    return entries


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_sees_its_menu(db, request, name) -> None:
    user = request.getfixturevalue(name)
    assert _menu(user) == _expected(name, user)


def test_every_role_is_pinned() -> None:
    assert set(EXPECTED) == set(Role.values)


def test_a_lawyer_account_not_on_the_list_has_no_caseload(db) -> None:
    user = UserFactory.create(username="unlinked-lawyer", role=Role.LAWYER)
    assert _menu(user) == [
        (reverse("core:home"), "Work queue"),
        (reverse("applications:list"), "Applications"),
        (reverse("representation:my_clients"), "My clients"),
        (reverse("proceedings:case_list"), "Cases"),
        (reverse("reparations:project_list"), "Reparations"),
        (reverse("reparations:tally"), "Consultation"),
        (reverse("reparations:funding"), "Funding"),
        (reverse("outreach:calendar"), "Calendar"),
    ]


def test_an_inactive_account_has_no_menu(chief) -> None:
    chief.is_active = False
    assert _menu(chief) == []


def test_a_second_entry_for_a_page_already_in_the_menu_is_refused(chief) -> None:
    before = _menu(chief)
    with pytest.raises(ImproperlyConfigured, match="core:home"):
        register_menu_entry(MenuEntry("core:home", "Home", 1, visible=lambda user: True))
    assert _menu(chief) == before
