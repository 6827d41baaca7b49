from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from vss import policy

register = template.Library()

# The engine speaks English field and level names; reviewers read them in their language.
FIELDS = {
    "family_name": _("Family name"),
    "given_name": _("Given name"),
    "birth_year": _("Year of birth"),
    "place": _("Place"),
    "sex": _("Sex"),
    "name_order": _("Name order"),
}
LEVELS = {
    "missing": _("not given"),
    "same": _("same"),
    "nearly the same": _("nearly the same"),
    "alike": _("alike"),
    "different": _("different"),
    "same year": _("same year"),
    "1 year apart": _("1 year apart"),
    "2-3 years apart": _("2-3 years apart"),
    "4-6 years apart": _("4-6 years apart"),
    "further apart": _("further apart"),
    "same village": _("same village"),
    "same commune": _("same commune"),
    "same district": _("same district"),
    "same province": _("same province"),
    "elsewhere": _("elsewhere"),
    "family and given names swapped": _("family and given names swapped"),
}


@register.filter
def reason_field(name: str) -> Any:
    return FIELDS.get(name, name)


@register.filter
def reason_level(level: str) -> Any:
    return LEVELS.get(level, level)


@register.simple_tag(takes_context=True)
def pair_names(context: dict[str, Any], *people: Any) -> list[str]:
    """Names of people shown as possibly one person (see policy.display_names_together)."""
    return policy.display_names_together(context["request"].user, list(people))
