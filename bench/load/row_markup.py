"""The rows of a page of the list of applications, written two ways: by Django's template
(the markup of vss/templates/applications/_results.html, without the receipt's
checkbox) and in Python with `format_html`, as Django's admin writes its change list's
cells. Used by bench/load/rows.py and bench/load/frame_urls.py."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.core.templatetags.vss import choice_label

ROWS = """{% load i18n vss people %}{% for a in rows %}<tr>
<td><a href="{% url 'applications:detail' a.pk %}">{{ a.vss_number|default:_("draft") }}</a>{% if a.is_late %} <span class="flag">{% translate "late" %}</span>{% endif %}</td>
<td id="applicant-{{ a.pk }}">{% person_name a.applicant %}</td>
<td>{{ a.case.number }}</td>
<td>{{ a|choice_label:"kind" }}</td>
<td><span class="status status-{{ a.status }}">{{ a|choice_label:"status" }}</span></td>
<td>{% with p=provinces|get_item:a.province_code %}{{ p|default:"" }}{% endwith %}</td>
<td>{{ a.form|choice_label:"channel" }}</td>
<td>{{ a.form.received_on|date:"SHORT_DATE_FORMAT"|default:"" }}</td>
</tr>{% endfor %}"""

ROW = (
    '<tr>\n<td><a href="{}">{}</a>{}</td>\n<td id="applicant-{}">{}</td>\n<td>{}</td>\n'
    '<td>{}</td>\n<td><span class="status status-{}">{}</span></td>\n<td>{}</td>\n'
    "<td>{}</td>\n<td>{}</td>\n</tr>"
)


def in_python(user: User, rows: list[Application], provinces: dict) -> str:
    late = format_html(' <span class="flag">{}</span>', _("late"))
    return "".join(
        format_html(
            ROW,
            reverse("applications:detail", args=[a.pk]),
            a.vss_number or _("draft"),
            late if a.is_late else "",
            a.pk,
            policy.display_name(user, a.applicant),
            a.case.number,
            choice_label(a, "kind"),
            a.status,
            choice_label(a, "status"),
            provinces.get(a.province_code) or "",
            choice_label(a.form, "channel"),
            date_format(a.form.received_on, "SHORT_DATE_FORMAT") if a.form.received_on else "",
        )
        for a in rows
    )
