"""A person's name in a template, as the signed-in user may see it."""

from collections.abc import Iterable
from typing import Any

from django import template

from vss import policy
from vss.people.models import Person, PersonName

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: dict[str, Any], person: Person | None) -> str:
    """The pseudonym where the identity is protected from this user."""
    if person is None:
        return ""
    return policy.display_name(context["request"].user, person)


@register.simple_tag(takes_context=True)
def may_see_identity(context: dict[str, Any], person: Person) -> bool:
    return policy.can_see_identity(context["request"].user, person)


@register.simple_tag(takes_context=True)
def kin_name(context: dict[str, Any], person: Person, relative: Person | None) -> str:
    """The name of `relative`, linked to `person` by family, or empty where the link may
    show the relationship only (policy.kin_named)."""
    if relative is None or not policy.kin_named(context["request"].user, person, relative):
        return ""
    return policy.display_name(context["request"].user, relative)


@register.simple_tag(takes_context=True)
def free_text(context: dict[str, Any], text: str) -> str:
    """Text typed by users (a reason, a summary, a note) with the names of the protected
    people this user may not identify replaced by their pseudonyms (policy.free_text)."""
    return policy.free_text(context["request"].user, text)


@register.filter
def other_spellings(names: Iterable[PersonName]) -> list[str]:
    """The spellings of a name other than the person's own, for a list joined by "; "
    (shown inside a section only those who see the identity read)."""
    return [str(name) for name in names if name.is_alias]
