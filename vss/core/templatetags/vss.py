from typing import Any

from django import template

from vss import policy
from vss.people.models import Person

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: dict[str, Any], person: Person | None) -> str:
    """A person's name as the current user may see it (the pseudonym when protected)."""
    if person is None:
        return ""
    return policy.display_name(context["request"].user, person)


@register.simple_tag(takes_context=True)
def may_see_identity(context: dict[str, Any], person: Person) -> bool:
    return policy.can_see_identity(context["request"].user, person)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
