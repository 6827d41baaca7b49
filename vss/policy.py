"""The one place that decides who may do what to which record.

Two questions, answered separately: does the user's role hold the *right* (no: 403), and
is the record inside the user's *scope* (no: 404, so that the existence of a record is
not revealed to someone who may not see it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Role
from vss.rights import Right

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.applications.models import Application, VictimInformationForm
    from vss.people.models import Person

R = Right

ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.CHIEF: frozenset(
        {
            R.VIEW_APPLICATIONS,
            R.ENTER_FORMS,
            R.EDIT_FORMS,
            R.RECORD_INTAKE,
            R.DECIDE,
            R.OVERRIDE_DEADLINE,
            R.SEE_PROTECTED_IDENTITIES,
            R.DOWNLOAD_DOCUMENTS,
            R.VIEW_PEOPLE,
            R.MANAGE_CASES,
            R.REVIEW_DUPLICATES,
            R.DECIDE_DUPLICATES,
            R.RUN_MATCHING,
        }
    ),
    # Intake meets duplicates first, at the desk: it sees the review queue (with
    # pseudonyms) but the decision to merge belongs to legal officers and the Chief.
    Role.INTAKE: frozenset(
        {
            R.VIEW_APPLICATIONS,
            R.ENTER_FORMS,
            R.EDIT_FORMS,
            R.RECORD_INTAKE,
            R.DOWNLOAD_DOCUMENTS,
            R.VIEW_PEOPLE,
            R.REVIEW_DUPLICATES,
        }
    ),
    Role.LEGAL: frozenset(
        {
            R.VIEW_APPLICATIONS,
            R.EDIT_FORMS,
            R.RECORD_INTAKE,
            R.DECIDE,
            R.OVERRIDE_DEADLINE,
            R.SEE_PROTECTED_IDENTITIES,
            R.DOWNLOAD_DOCUMENTS,
            R.VIEW_PEOPLE,
            R.MANAGE_CASES,
            R.REVIEW_DUPLICATES,
            R.DECIDE_DUPLICATES,
            R.RUN_MATCHING,
        }
    ),
    # Reparations and outreach work with Civil Parties as a population: they read
    # applications but neither change them nor open the documents.
    Role.REPARATIONS: frozenset({R.VIEW_APPLICATIONS, R.VIEW_PEOPLE}),
    Role.OUTREACH: frozenset({R.VIEW_APPLICATIONS, R.VIEW_PEOPLE}),
    Role.AUDITOR: frozenset({R.VIEW_AUDIT_LOG}),
    Role.INTERMEDIARY: frozenset(
        {R.VIEW_APPLICATIONS, R.ENTER_FORMS, R.EDIT_FORMS, R.DOWNLOAD_DOCUMENTS, R.VIEW_PEOPLE}
    ),
}


def has_right(user: User, right: Right) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return right in ROLE_RIGHTS.get(user.role, frozenset())


def require_right(user: User, right: Right) -> None:
    if not has_right(user, right):
        raise PermissionDenied


def _is_intermediary(user: User) -> bool:
    return user.role == Role.INTERMEDIARY


# --- scope -----------------------------------------------------------------------------


def forms_in_scope(
    user: User, forms: QuerySet[VictimInformationForm]
) -> QuerySet[VictimInformationForm]:
    if not has_right(user, R.VIEW_APPLICATIONS):
        return forms.none()
    if _is_intermediary(user):
        return forms.filter(entered_by_organisation_id=user.organisation_id)
    return forms


def applications_in_scope(user: User, applications: QuerySet[Application]) -> QuerySet[Application]:
    if not has_right(user, R.VIEW_APPLICATIONS):
        return applications.none()
    if _is_intermediary(user):
        return applications.filter(form__entered_by_organisation_id=user.organisation_id)
    return applications


def people_in_scope(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    if not has_right(user, R.VIEW_PEOPLE):
        return people.none()
    if _is_intermediary(user):
        # The applicants of the organisation's own forms and the relatives named in them.
        organisation = user.organisation_id
        return people.filter(
            Q(forms__entered_by_organisation_id=organisation)
            | Q(kinships_as_relative__person__forms__entered_by_organisation_id=organisation)
        ).distinct()
    return people


# --- actions on one record ---------------------------------------------------------------


def can_edit_form(user: User, form: VictimInformationForm) -> bool:
    from vss.applications.workflow import OPEN_TO_INTERMEDIARY

    if not has_right(user, R.EDIT_FORMS) or form.archived_at is not None:
        return False
    # The form would show the real names in its inputs.
    if not can_see_identity(user, form.applicant):
        return False
    if _is_intermediary(user):
        if form.entered_by_organisation_id != user.organisation_id:
            return False
        # Once the VSS has sent an application on to the judges, the form is part of
        # the court record and only VSS staff may correct it.
        return all(app.status in OPEN_TO_INTERMEDIARY for app in form.applications.all())
    return True


def allowed_transitions(user: User, application: Application) -> list[Any]:
    from vss.applications.workflow import transitions_from

    return [
        t
        for t in transitions_from(application.kind, application.status)
        if has_right(user, t.right)
    ]


def can_see_identity(user: User, person: Person) -> bool:
    return not person.is_protected or has_right(user, R.SEE_PROTECTED_IDENTITIES)


def display_name(user: User, person: Person) -> str:
    """The name a user may see: the pseudonym wherever the identity is protected."""
    if not can_see_identity(user, person):
        return person.pseudonym
    latin, khmer = person.name_latin, person.name_km
    if latin and khmer:
        return f"{khmer} ({latin})"
    return khmer or latin


def display_names_together(user: User, people: list[Person]) -> list[str]:
    """Names for people shown side by side as possibly one person. If one is protected
    and the user may not see protected identities, showing the others' names beside its
    pseudonym would link the pseudonym to a real name: all are then shown by record
    number (and the protected one by pseudonym)."""
    if has_right(user, R.SEE_PROTECTED_IDENTITIES) or not any(p.is_protected for p in people):
        return [display_name(user, p) for p in people]
    return [
        p.pseudonym if p.is_protected else str(_("Record %(id)s") % {"id": p.pk}) for p in people
    ]


def identities_hidden_together(user: User, people: list[Person]) -> bool:
    return not has_right(user, R.SEE_PROTECTED_IDENTITIES) and any(p.is_protected for p in people)


def navigation_for(user: User) -> list[tuple[str, Any]]:
    links: list[tuple[str, Any]] = []
    if has_right(user, R.VIEW_APPLICATIONS):
        links.append((reverse("core:home"), _("Work queue")))
        links.append((reverse("applications:list"), _("Applications")))
    if has_right(user, R.ENTER_FORMS):
        links.append((reverse("applications:form_create"), _("New VIF")))
    if has_right(user, R.VIEW_APPLICATIONS):
        links.append((reverse("proceedings:case_list"), _("Cases")))
    if has_right(user, R.REVIEW_DUPLICATES):
        links.append((reverse("matching:queue"), _("Duplicates")))
    if has_right(user, R.VIEW_AUDIT_LOG):
        links.append((reverse("audit:list"), _("Audit log")))
    return links
