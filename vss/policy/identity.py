"""Protected identities: who may read a protected person's name, and how names are shown
to those who may not."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Role
from vss.core.queries import ProbedIn

from .names_in_text import NamesInText, ProtectedNames, names_in_text
from .representation import current_mandates, lawyer_id_of
from .rights import Right
from .roles import has_right
from .support import referrals_in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.people.models import Person


def can_see_identity(user: User, person: Person) -> bool:
    if not person.is_protected or has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return True
    # Protective measures keep a name from the public and the defence, not from the
    # client's own lawyer nor from the partner the person agreed to be referred to.
    return person.pk in protected_people_known_to(user)


def can_download_files_of(user: User, person: Person) -> bool:
    """A person's files (an identity scan, a supporting document, a power of attorney)
    show the face and the name: of a protected person, only those who may see the
    identity open them, whatever their right to download documents."""
    return has_right(user, Right.DOWNLOAD_DOCUMENTS) and can_see_identity(user, person)


def _own_clients(user: User, protected: QuerySet) -> QuerySet | None:
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return None
    # A lawyer's mandates are fewer than the protected people (50 for the demo's lawyer,
    # against 3,000 protected at a million): read from the mandates' side.
    clients = current_mandates(lawyer_id).filter(application__applicant__is_protected=True)
    return clients.values_list("application__applicant_id", flat=True)


def _referred_to_own_organisation(user: User, protected: QuerySet) -> QuerySet:
    from vss.support.models import Referral

    # A partner's referrals outnumber the protected people (32,000 against 3,000 at a
    # million): each protected person is looked up among them, not they hashed whole.
    referred = referrals_in_scope(user, Referral.objects.filter(ProbedIn("person_id", protected)))
    return referred.values_list("person_id", flat=True)


# The protected people (`protected`: a subquery of their ids) whose identity a role knows
# without the right to see protected identities, as a query of their ids (nobody's for a
# role not named).
KNOWN_PEOPLE: dict[str, Callable[[User, QuerySet], QuerySet | None]] = {
    Role.LAWYER: _own_clients,
    Role.PARTNER: _referred_to_own_organisation,
}


def protected_people_known_to(user: User) -> frozenset[int]:
    """The protected people a lawyer represents or a partner was referred: read once per
    request (a few hundred ids at most) rather than once per name shown."""
    cached = getattr(user, "_vss_known_protected", None)
    if cached is not None:
        return cached
    from vss.people.models import Person

    known: frozenset[int] = frozenset()
    people_known = KNOWN_PEOPLE.get(user.role)
    protected = Person.objects.filter(is_protected=True).order_by().values("pk")
    ids = people_known(user, protected) if people_known is not None else None
    if ids is not None:
        known = frozenset(ids)
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


def kin_named(user: User, person: Person, relative: Person) -> bool:
    """Whether a family link between two people may name them to `user`. Not when the
    identity of either is protected from the user: relatives share a family name and a
    village, so a relative's name beside a pseudonym, or a pseudonym beside a relative's
    name, points to the protected person. The link is then shown by its relationship
    alone."""
    return can_see_identity(user, person) and can_see_identity(user, relative)


def display_names_together(user: User, people: list[Person]) -> list[str]:
    """Names for people shown side by side as possibly one person. If one is protected
    and the user may not see protected identities, showing the others' names beside its
    pseudonym would link the pseudonym to a real name: all are then shown by record
    number (and the protected one by pseudonym)."""
    if not identities_hidden_together(user, people):
        return [display_name(user, p) for p in people]
    return [
        p.pseudonym if p.is_protected else str(_("Record %(id)s") % {"id": p.pk}) for p in people
    ]


def identities_hidden_together(user: User, people: list[Person]) -> bool:
    return not has_right(user, Right.SEE_PROTECTED_IDENTITIES) and any(
        p.is_protected for p in people
    )


def _names_hidden_from(user: User) -> tuple[NamesInText, frozenset[int]] | None:
    """The finder of protected people's names and the people among them `user` may
    identify, or None for a user who may identify them all; read once per request."""
    if hasattr(user, "_vss_names_hidden"):
        cached: tuple[NamesInText, frozenset[int]] | None = user._vss_names_hidden
        return cached
    hidden: tuple[NamesInText, frozenset[int]] | None = None
    if not has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        names = names_in_text(protected_names_stamp(), _protected_names)
        hidden = (names, protected_people_known_to(user))
    user._vss_names_hidden = hidden  # type: ignore[attr-defined]
    return hidden


def protected_names_stamp() -> str | None:
    """The token that the database's triggers change with any protected person's names
    (migration people 0008): while it stays the same, so do the names. None if the
    stamp is missing, and then the names are read at each request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM people_protectednamesstamp WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _protected_names() -> tuple[ProtectedNames, ...]:
    """Every protected person's names as they stand."""
    from vss.people.models import Person, PersonName

    people = Person.objects.filter(is_protected=True)
    aliases: dict[int, set[tuple[str, str]]] = {}
    names = PersonName.objects.filter(person_id__in=people.values("pk")).order_by("pk")
    for person_id, family, given in names.values_list("person_id", "family_name", "given_name"):
        aliases.setdefault(person_id, set()).add((family, given))
    rows = people.values_list(
        "pk",
        "pseudonym",
        "family_name_latin",
        "given_name_latin",
        "family_name_km",
        "given_name_km",
    )
    return tuple(
        ProtectedNames(
            person_id=pk,
            pseudonym=pseudonym,
            spellings=frozenset(
                {(family_latin, given_latin), (family_km, given_km), *aliases.get(pk, ())}
            ),
        )
        for pk, pseudonym, family_latin, given_latin, family_km, given_km in rows
    )


def free_text(user: User, text: str) -> str:
    """Text users typed (a contact's summary, a referral's reason, a decision's reason, a
    conflict's description...) as `user` may read it. Staff who know a protected person's
    name write it there, about the person or a relative; for a user who may not identify
    that person, each of the person's names is replaced by the pseudonym."""
    if not text:
        return text
    hidden = _names_hidden_from(user)
    if hidden is None:
        return text
    names, known = hidden
    return names.hide(text, known)
