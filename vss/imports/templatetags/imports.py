"""The import page's description of a column, its accepted words marked as code."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from vss.imports.rows import Column

register = template.Library()


@register.filter
def described(column: Column) -> SafeString:
    """The column's description in the page's language, the words it takes as they are
    written (`female`, `yes`) marked as English code: they are typed so in any language,
    and a reader's browser must not translate them."""
    text = escape(str(column.description))
    if not column.values:
        return mark_safe(text)  # escaped above
    words = "|".join(re.escape(value) for value in sorted(column.values, key=len, reverse=True))
    return mark_safe(  # every part is escaped
        re.sub(
            rf"(?<!\w)({words})(?!\w)",
            lambda found: format_html('<code lang="en" translate="no">{}</code>', found[1]),
            text,
        )
    )
