"""Pseudonyms of protected people: one per person, never shared, and given by VSS unless
someone who may see protected identities chooses it (the court's own designation, such
as a witness number)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from .models import Person


def may_choose_pseudonym(user: User) -> bool:
    """Choosing a pseudonym is a protective measure: legal officers and the Chief decide
    it; whoever else marks a person protected gets one from VSS."""
    return policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES)


def pseudonym_generate(person_id: int) -> str:
    """`PS-00014` from the record's id: unique as ids are, unless someone chose that very
    pseudonym for another person, in which case a suffix sets it apart."""
    base = f"PS-{person_id:05d}"
    candidate, suffix = base, 1
    while Person.objects.filter(pseudonym__iexact=candidate).exclude(pk=person_id).exists():
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def pseudonym_chosen(*, actor: User, person: Person | None, typed: str, protected: bool) -> str:
    """The pseudonym a person keeps after `actor` saved the form with `typed` in it: the
    one typed by someone who may choose it, else the one the person has; empty when VSS
    is to give one (see pseudonym_generate), which needs the record's id."""
    current = person.pseudonym if person is not None else ""
    typed = typed.strip()
    if typed and typed != current:
        if not may_choose_pseudonym(actor):
            raise ValidationError(
                _("Only a legal officer chooses a pseudonym: leave it empty and VSS gives one.")
            )
        taken = Person.objects.filter(pseudonym__iexact=typed)
        if person is not None:
            taken = taken.exclude(pk=person.pk)
        if taken.exists():
            raise ValidationError(
                _("The pseudonym %(pseudonym)s is already given to another person.")
                % {"pseudonym": typed}
            )
        return typed
    if typed == current and current:
        return current
    # Emptied: a protected person keeps the one they have; VSS gives one to a new one.
    return current if protected else ""
