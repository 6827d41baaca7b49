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
    from vss.representation.models import Lawyer, Representation
    from vss.support.models import Contact, Referral

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
            R.VIEW_REPRESENTATION,
            R.MANAGE_LAWYERS,
            R.MANAGE_REPRESENTATION,
            R.OVERRIDE_CONFLICT,
            R.REFER_SUPPORT,
            R.VIEW_SUPPORT,
            R.READ_HEALTH_NOTES,
            R.LOG_CONTACTS,
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
            R.VIEW_REPRESENTATION,
            R.REFER_SUPPORT,
            R.VIEW_SUPPORT,
            R.LOG_CONTACTS,
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
            R.VIEW_REPRESENTATION,
            R.MANAGE_LAWYERS,
            R.MANAGE_REPRESENTATION,
            R.REFER_SUPPORT,
            R.VIEW_SUPPORT,
            R.LOG_CONTACTS,
        }
    ),
    # Reparations and outreach work with Civil Parties as a population: they read
    # applications but neither change them nor open the documents. Outreach meets
    # victims in the provinces and refers them to psychosocial support.
    Role.REPARATIONS: frozenset(
        {R.VIEW_APPLICATIONS, R.VIEW_PEOPLE, R.VIEW_REPRESENTATION, R.LOG_CONTACTS}
    ),
    Role.OUTREACH: frozenset(
        {
            R.VIEW_APPLICATIONS,
            R.VIEW_PEOPLE,
            R.VIEW_REPRESENTATION,
            R.REFER_SUPPORT,
            R.VIEW_SUPPORT,
            R.LOG_CONTACTS,
        }
    ),
    Role.AUDITOR: frozenset({R.VIEW_AUDIT_LOG}),
    Role.INTERMEDIARY: frozenset(
        {R.VIEW_APPLICATIONS, R.ENTER_FORMS, R.EDIT_FORMS, R.DOWNLOAD_DOCUMENTS, R.VIEW_PEOPLE}
    ),
    # A lawyer's scope is their clients (and, for a Lead Co-Lawyer, the consolidated
    # group of their case, read-only): see applications_in_scope.
    Role.LAWYER: frozenset(
        {
            R.VIEW_APPLICATIONS,
            R.VIEW_PEOPLE,
            R.DOWNLOAD_DOCUMENTS,
            R.WORK_FOR_CLIENTS,
            R.LOG_CONTACTS,
        }
    ),
    # A partner organisation sees the people referred to it, and nothing of their
    # applications.
    Role.PARTNER: frozenset(
        {R.VIEW_PEOPLE, R.VIEW_SUPPORT, R.RECORD_SUPPORT, R.READ_HEALTH_NOTES, R.LOG_CONTACTS}
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


def lawyer_id_of(user: User) -> int | None:
    """The list entry of a lawyer's account while the lawyer may practise (on the list,
    not suspended or withdrawn); None for everyone else. Read once per request."""
    if user.role != Role.LAWYER:
        return None
    cached = getattr(user, "_vss_lawyer_id", ...)
    if cached is ...:
        from vss.representation.models import Lawyer

        cached = Lawyer.objects.on_the_list().filter(user=user).values_list("id", flat=True).first()
        user._vss_lawyer_id = cached  # type: ignore[attr-defined]
    return cached


def _current_mandates(lawyer_id: int) -> QuerySet[Representation]:
    """The lawyer's clients as mandates: not ended."""
    from vss.representation.models import Representation

    return Representation.objects.filter(lawyer_id=lawyer_id, ended_on__isnull=True)


def _lawyer_applications(user: User, applications: QuerySet[Application]) -> QuerySet[Application]:
    from vss.applications.workflow import CIVIL_PARTIES
    from vss.representation.models import LeadCoLawyerAppointment

    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return applications.none()
    clients = _current_mandates(lawyer_id)
    lead_cases = LeadCoLawyerAppointment.objects.filter(lawyer_id=lawyer_id, ended_on__isnull=True)
    # A Lead Co-Lawyer of a trial segment (002/02) leads the Civil Parties who filed in the
    # case it was severed from (002).
    parents_of_segments = lead_cases.filter(
        case__accepts_applications=False, case__parent__isnull=False
    ).values("case__parent_id")
    return applications.filter(
        Q(pk__in=clients.values("application_id"))
        | (
            Q(status__in=CIVIL_PARTIES)
            & (Q(case_id__in=lead_cases.values("case_id")) | Q(case_id__in=parents_of_segments))
        )
    )


# --- scope -----------------------------------------------------------------------------


def forms_in_scope(
    user: User, forms: QuerySet[VictimInformationForm]
) -> QuerySet[VictimInformationForm]:
    if not has_right(user, R.VIEW_APPLICATIONS):
        return forms.none()
    if _is_intermediary(user):
        return forms.filter(entered_by_organisation_id=user.organisation_id)
    if user.role == Role.LAWYER:
        from vss.applications.models import Application

        in_scope = _lawyer_applications(user, Application.objects.all())
        return forms.filter(pk__in=in_scope.values("form_id"))
    return forms


def applications_in_scope(user: User, applications: QuerySet[Application]) -> QuerySet[Application]:
    if not has_right(user, R.VIEW_APPLICATIONS):
        return applications.none()
    if _is_intermediary(user):
        return applications.filter(form__entered_by_organisation_id=user.organisation_id)
    if user.role == Role.LAWYER:
        return _lawyer_applications(user, applications)
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
    if user.role == Role.LAWYER:
        from vss.applications.models import Application

        in_scope = _lawyer_applications(user, Application.objects.all())
        return people.filter(pk__in=in_scope.values("applicant_id"))
    if user.role == Role.PARTNER:
        from vss.support.models import Referral

        referred = referrals_in_scope(user, Referral.objects.all())
        return people.filter(pk__in=referred.values("person_id"))
    return people


def referrals_in_scope(user: User, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    if not has_right(user, R.VIEW_SUPPORT):
        return referrals.none()
    if user.role == Role.PARTNER:
        # A withdrawn consent takes the person out of the partner's hands.
        return referrals.filter(partner_id=user.organisation_id, consent__withdrawn_on__isnull=True)
    return referrals


def contacts_in_scope(user: User, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """The contact log of a person the user may see. A lawyer's talks with a client are
    privileged and a partner's visits touch on health: each reads the entries of VSS staff
    and its own (the lawyer's, the partner organisation's), not the other's."""
    if not has_right(user, R.LOG_CONTACTS):
        return contacts.none()
    outside = [Role.LAWYER, Role.PARTNER]
    if user.role == Role.LAWYER:
        return contacts.filter(~Q(recorded_by__role__in=outside) | Q(recorded_by=user))
    if user.role == Role.PARTNER:
        return contacts.filter(
            ~Q(recorded_by__role__in=outside)
            | Q(recorded_by__role=Role.PARTNER, recorded_by__organisation=user.organisation_id)
        )
    return contacts


def lawyers_in_scope(user: User, lawyers: QuerySet[Lawyer]) -> QuerySet[Lawyer]:
    """The VSS list of Civil Party Lawyers is read whole by the staff who read
    representation, and by no one else."""
    if not has_right(user, R.VIEW_REPRESENTATION):
        return lawyers.none()
    return lawyers


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


def _mandates_to_work_on(user: User) -> QuerySet[Representation] | None:
    """The mandates whose files a lawyer may write to (None for anyone else): their own
    clients'; a Lead Co-Lawyer reads the rest of the consolidated group without writing."""
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None or not has_right(user, R.WORK_FOR_CLIENTS):
        return None
    return _current_mandates(lawyer_id)


def can_work_for_client(user: User, application: Application) -> bool:
    """A lawyer adds notes and documents to the files of their own clients only."""
    mandates = _mandates_to_work_on(user)
    return mandates is not None and mandates.filter(application=application).exists()


def contact_people(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    """The people the user may write contact-log entries about: those in scope, and for a
    lawyer only their current clients (a Lead Co-Lawyer reads the rest of the
    consolidated group without writing about it)."""
    if not user.is_active or not has_right(user, R.LOG_CONTACTS):
        return people.none()
    if user.role == Role.LAWYER:
        mandates = _mandates_to_work_on(user)
        if mandates is None:
            return people.none()
        return people.filter(pk__in=mandates.values("application__applicant_id"))
    return people_in_scope(user, people)


def can_log_contact(user: User, person: Person) -> bool:
    from vss.people.models import Person

    return contact_people(user, Person.objects.filter(pk=person.pk)).exists()


def can_add_document(user: User, form: VictimInformationForm) -> bool:
    """Staff who may correct the form, or a lawyer adding evidence to a client's file."""
    if can_edit_form(user, form):
        return True
    mandates = _mandates_to_work_on(user)
    if form.archived_at is not None or mandates is None:
        return False
    # As can_work_for_client for any of the form's applications, in one query however
    # many cases the form names.
    return mandates.filter(application__form=form).exists()


def can_read_client_notes(user: User, application: Application) -> bool:
    """Notes on a Civil Party's file are between the VSS and the client's lawyers: not for
    intermediaries, nor a Lead Co-Lawyer who does not represent the client."""
    if _is_intermediary(user):
        return False
    if user.role == Role.LAWYER:
        return can_work_for_client(user, application)
    return has_right(user, R.VIEW_APPLICATIONS)


def can_write_client_note(user: User, application: Application) -> bool:
    if user.role == Role.LAWYER:
        return can_work_for_client(user, application)
    return not _is_intermediary(user) and has_right(user, R.EDIT_FORMS)


def can_read_health_notes(user: User, referral: Referral) -> bool:
    if not has_right(user, R.READ_HEALTH_NOTES):
        return False
    return user.role != Role.PARTNER or referral.partner_id == user.organisation_id


def can_record_support(user: User, referral: Referral) -> bool:
    """Sessions, notes and closure are the partner's own record of its work."""
    if not has_right(user, R.RECORD_SUPPORT):
        return False
    return user.role != Role.PARTNER or referral.partner_id == user.organisation_id


def allowed_transitions(user: User, application: Application) -> list[Any]:
    from vss.applications.workflow import transitions_from

    return [
        t
        for t in transitions_from(application.kind, application.status)
        if has_right(user, t.right)
    ]


def can_see_identity(user: User, person: Person) -> bool:
    if not person.is_protected or has_right(user, R.SEE_PROTECTED_IDENTITIES):
        return True
    # Protective measures keep a name from the public and the defence, not from the
    # client's own lawyer nor from the partner the person agreed to be referred to.
    return person.pk in protected_people_known_to(user)


def protected_people_known_to(user: User) -> frozenset[int]:
    """The protected people a lawyer represents or a partner was referred: read once per
    request (a few hundred ids at most) rather than once per name shown."""
    cached = getattr(user, "_vss_known_protected", None)
    if cached is not None:
        return cached
    from vss.people.models import Person

    known: frozenset[int] = frozenset()
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is not None:
        clients = _current_mandates(lawyer_id).values("application__applicant_id")
        known = frozenset(
            Person.objects.filter(is_protected=True, pk__in=clients).values_list("pk", flat=True)
        )
    elif user.role == Role.PARTNER:
        from vss.support.models import Referral

        referred = referrals_in_scope(user, Referral.objects.all()).values("person_id")
        known = frozenset(
            Person.objects.filter(is_protected=True, pk__in=referred).values_list("pk", flat=True)
        )
    user._vss_known_protected = known  # type: ignore[attr-defined]
    return known


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
    if has_right(user, R.VIEW_APPLICATIONS) or user.role == Role.PARTNER:
        links.append((reverse("core:home"), _("Work queue")))
    if has_right(user, R.VIEW_APPLICATIONS):
        links.append((reverse("applications:list"), _("Applications")))
    if user.role == Role.LAWYER:
        links.append((reverse("representation:my_clients"), _("My clients")))
    if has_right(user, R.ENTER_FORMS):
        links.append((reverse("applications:form_create"), _("New VIF")))
    if has_right(user, R.VIEW_APPLICATIONS):
        links.append((reverse("proceedings:case_list"), _("Cases")))
    if has_right(user, R.VIEW_REPRESENTATION):
        links.append((reverse("representation:group_cases"), _("Groups")))
    if has_right(user, R.REVIEW_DUPLICATES):
        links.append((reverse("matching:queue"), _("Duplicates")))
    if has_right(user, R.VIEW_REPRESENTATION):
        links.append((reverse("representation:lawyer_list"), _("Lawyers")))
    if has_right(user, R.MANAGE_REPRESENTATION):
        links.append((reverse("representation:without_lawyer"), _("Without a lawyer")))
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is not None:
        links.append(
            (reverse("representation:lawyer_caseload", args=[lawyer_id]), _("My caseload"))
        )
    if has_right(user, R.VIEW_SUPPORT):
        links.append((reverse("support:referral_list"), _("Referrals")))
    if has_right(user, R.VIEW_AUDIT_LOG):
        links.append((reverse("audit:list"), _("Audit log")))
    return links
