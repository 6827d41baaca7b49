from typing import Any

from django import template

from vss import policy
from vss.policy import Right

register = template.Library()


@register.inclusion_tag("exports/_export_buttons.html", takes_context=True)
def export_buttons(context: template.Context, list_name: str) -> dict[str, Any]:
    """The export of the list as the page shows it (its filters, every page), offered to
    a user who may take one."""
    request = context["request"]
    return {
        "list_name": list_name,
        "query_string": context.get("query_string", ""),
        "csrf_token": context.get("csrf_token"),
        "can_export": policy.has_right(request.user, Right.EXPORT_LISTS),
    }
