"""What matching registers with the apps below it, from its AppConfig.ready(): its record
types in the audit log, its menu entry, the panel of possible duplicates on the page of
an application nobody at the Section typed, and the relations to a person a merge does
not move generically, each with why."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.panels import application_panels
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.people.merging import register_excluded_relation
from vss.people.models import Kinship, PersonName
from vss.policy import Right

from . import audit_labels
from .models import DifferentPeople, MatchCandidate, PersonMerge
from .selectors import applicant_matches_for_user, applicant_unchecked

POSSIBLE_DUPLICATES_PANEL = "matching.possible_duplicates"


def shows_possible_duplicates(user: User, application: Application) -> bool:
    # Whoever may run the live check while typing a form reads it here for a form typed
    # where nobody ran it.
    return policy.has_right(user, Right.ENTER_FORMS) and applicant_unchecked(application)


def possible_duplicates_panel(user: User, application: Application) -> dict[str, Any]:
    return {
        "applicant_check": applicant_matches_for_user(user, application),
        "may_review_duplicates": policy.has_right(user, Right.REVIEW_DUPLICATES),
    }


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    # What the services write into the audit log's changes beyond the models' fields.
    register_change_labels("matching.matchcandidate", {"merges": _("merges")})
    register_change_labels(
        "matching.differentpeople",
        {"candidates_closed": _("pairs closed"), "decision": _("decision")},
    )
    register_record_types(
        40,
        ("matching.matchrun", _("Duplicate search run")),
        ("matching.differentpeople", _("Different people")),
    )

    register_menu_entry(
        MenuEntry(
            "matching:queue",
            _("Duplicates"),
            70,
            visible=policy.holds_right(Right.REVIEW_DUPLICATES),
        )
    )
    application_panels.register(
        Panel(
            name=POSSIBLE_DUPLICATES_PANEL,
            template="matching/_application_matches.html",
            # First: before the file is worked on, whether it is someone already known.
            order=5,
            shown=shows_possible_duplicates,
            context=possible_duplicates_panel,
        )
    )
    for model, field, reason in (
        (
            PersonName,
            "person",
            "The merge moves the names itself, as other spellings of the person kept.",
        ),
        (
            Kinship,
            "person",
            "The merge moves kinships itself, but not one the person kept already has "
            "nor one that links the two records.",
        ),
        (Kinship, "relative", "As kinships of the person: moved by the merge's own rule."),
        (
            MatchCandidate,
            "person_a",
            "A proposed pair names the two records as they were found: the merge closes "
            "the pair and an unmerge opens it again.",
        ),
        (MatchCandidate, "person_b", "As person_a of a proposed pair."),
        (
            DifferentPeople,
            "person_a",
            "A decision that two records are different people stays about those two.",
        ),
        (DifferentPeople, "person_b", "As person_a of the decision."),
        (PersonMerge, "survivor", "The merge's own record of who was folded into whom."),
        (PersonMerge, "merged", "The merge's own record of who was folded into whom."),
    ):
        register_excluded_relation(model, field, reason=reason)
