"""Protected identities: who may read a protected person's name, and how names are shown
to those who may not."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Role

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


def _own_clients(user: User) -> QuerySet[Person] | None:
    from vss.people.models import Person

    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return None
    clients = current_mandates(lawyer_id).values("application__applicant_id")
    return Person.objects.filter(pk__in=clients)


def _referred_to_own_organisation(user: User) -> QuerySet[Person]:
    from vss.people.models import Person
    from vss.support.models import Referral

    referred = referrals_in_scope(user, Referral.objects.all()).values("person_id")
    return Person.objects.filter(pk__in=referred)


# The people whose protected identity a role knows without the right to see protected
# identities (nobody's for a role not named).
KNOWN_PEOPLE: dict[str, Callable[[User], QuerySet[Person] | None]] = {
    Role.LAWYER: _own_clients,
    Role.PARTNER: _referred_to_own_organisation,
}


def protected_people_known_to(user: User) -> frozenset[int]:
    """The protected people a lawyer represents or a partner was referred: read once per
    request (a few hundred ids at most) rather than once per name shown."""
    cached = getattr(user, "_vss_known_protected", None)
    if cached is not None:
        return cached
    known: frozenset[int] = frozenset()
    people_known = KNOWN_PEOPLE.get(user.role)
    people = people_known(user) if people_known is not None else None
    if people is not None:
        known = frozenset(people.filter(is_protected=True).values_list("pk", flat=True))
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


# Between the letters of a name written in free text: nothing, spaces or a hyphen, so
# that "Srey Mom", "Srey-Mom" and "Sreymom" are all the same name.
_JOIN = r"[\s\-]*"
PSEUDONYM_IN_TEXT = "[{pseudonym}]"


# A Khmer given name of fewer characters than this is as likely a word, or a syllable of
# one, as a name.
_KHMER_WORD_LIKE = 5
# A letter, a vowel sign or a mark of Khmer, or any other word character: what a name
# standing apart has on neither side.
_KHMER_OR_WORD = r"[\w\u1780-\u17D3\u17DD]"


def _bare(name: str) -> str:
    return "".join(c for c in name if not c.isspace() and c != "-")


def _loose(name: str) -> str:
    return _JOIN.join(re.escape(c) for c in name if not c.isspace() and c != "-")


def _names_pattern(spellings: set[tuple[str, str]]) -> re.Pattern[str] | None:
    """Every spelling of a person's given name kept (Latin, Khmer, aliases), with any of
    the family names before or after it when written."""
    alternatives = []
    for latin in (True, False):
        kept = [(f, g) for f, g in spellings if g.strip() and g.isascii() == latin]
        if not kept:
            continue
        # Longest first: the alternation takes the first spelling that matches.
        givens = "|".join(sorted({_loose(g) for _f, g in kept}, key=len, reverse=True))
        families = "|".join(
            sorted({_loose(f) for f, _g in kept if f.strip()}, key=len, reverse=True)
        )
        name = f"(?:{givens})"
        if families:
            name = f"(?:(?:{families}){_JOIN})?{name}(?:{_JOIN}(?:{families}))?"
        if latin:
            # Latin names are words: "Ly" is not hidden inside "only".
            alternatives.append(rf"(?<!\w){name}(?!\w)")
            continue
        # Khmer is written without spaces between words, so a Khmer name is looked for
        # anywhere: the whole name, and a given name long enough to be nobody's word.
        # A short given name is a word itself or part of many (សុខ, well-being, in
        # សុខភាព, health): it is hidden where it stands apart, not inside other words.
        if families:
            alternatives.append(
                f"(?:{families}){_JOIN}(?:{givens})(?:{_JOIN}(?:{families}))?"
                f"|(?:{givens}){_JOIN}(?:{families})"
            )
        longer = sorted(
            {_loose(g) for _f, g in kept if len(_bare(g)) >= _KHMER_WORD_LIKE},
            key=len,
            reverse=True,
        )
        shorter = sorted(
            {_loose(g) for _f, g in kept if len(_bare(g)) < _KHMER_WORD_LIKE}, key=len, reverse=True
        )
        if longer:
            alternatives.append(f"(?:{'|'.join(longer)})")
        if shorter:
            alternatives.append(f"(?<!{_KHMER_OR_WORD})(?:{'|'.join(shorter)})(?!{_KHMER_OR_WORD})")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _hidden_names(user: User) -> list[tuple[re.Pattern[str], str]]:
    """For each protected person the user may not identify, the pattern of the person's
    names and the pseudonym that replaces them; read once per request."""
    cached = getattr(user, "_vss_hidden_names", None)
    if cached is not None:
        return cached
    from vss.people.models import Person, PersonName

    hidden: list[tuple[re.Pattern[str], str]] = []
    if not has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        known = protected_people_known_to(user)
        spellings: dict[int, set[tuple[str, str]]] = {}
        pseudonyms: dict[int, str] = {}
        people = Person.objects.filter(is_protected=True).exclude(pk__in=known)
        for row in people.values(
            "pk",
            "pseudonym",
            "family_name_latin",
            "given_name_latin",
            "family_name_km",
            "given_name_km",
        ):
            pseudonyms[row["pk"]] = row["pseudonym"]
            spellings[row["pk"]] = {
                (row["family_name_latin"], row["given_name_latin"]),
                (row["family_name_km"], row["given_name_km"]),
            }
        names = PersonName.objects.filter(person_id__in=people.values("pk"))
        for person_id, family, given in names.values_list("person_id", "family_name", "given_name"):
            spellings[person_id].add((family, given))
        for person_id, known_as in spellings.items():
            pattern = _names_pattern(known_as)
            if pattern is not None:
                hidden.append((pattern, PSEUDONYM_IN_TEXT.format(pseudonym=pseudonyms[person_id])))
    user._vss_hidden_names = hidden  # type: ignore[attr-defined]
    return hidden


def free_text(user: User, text: str) -> str:
    """Text users typed (a contact's summary, a referral's reason, a decision's reason, a
    conflict's description...) as `user` may read it. Staff who know a protected person's
    name write it there, about the person or a relative; for a user who may not identify
    that person, each of the person's names is replaced by the pseudonym."""
    if not text:
        return text
    for pattern, pseudonym in _hidden_names(user):
        text = pattern.sub(pseudonym, text)
    return text
