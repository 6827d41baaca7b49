#!/usr/bin/env python
"""A page of the list of applications' rows drawn by Django's templates beside the same
rows written in Python (`format_html`, as Django's admin writes its change list's cells):
what writing the rows of the lists in Python would take off a page.

Both run in this process, for the same reader (intake) and the same 50 applications (the
newest, with what the list reads with them), in Khmer, with the same helpers (the
template's `choice_label` and `person_name`, `reverse`, `date_format`); the text of every
cell is checked to be the same before anything is timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_bench .venv/bin/python bench/load/rows.py
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.formats import date_format  # noqa: E402
from django.utils.html import format_html  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from vss import policy  # noqa: E402
from vss.accounts.models import User  # noqa: E402
from vss.applications.models import Application  # noqa: E402
from vss.core.templatetags.vss import choice_label  # noqa: E402
from vss.geo.selectors import provinces_by_code  # noqa: E402

# The row of vss/templates/applications/_results.html, without the receipt's checkbox.
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


def cells(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def timed(draw, repeats: int) -> float:  # type: ignore[no-untyped-def]
    draw()
    times = []
    for _repeat in range(repeats):
        start = time.perf_counter()
        draw()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    user = User.objects.get(username="intake")
    rows = list(
        Application.objects.select_related("applicant", "case", "form").order_by("-id")[: args.rows]
    )
    request = RequestFactory().get("/")
    request.user = user
    provinces = provinces_by_code()
    template = engines["django"].from_string(ROWS)
    with translation.override("km"):

        def by_template() -> str:
            return template.render({"rows": rows, "provinces": provinces}, request)

        def by_python() -> str:
            return in_python(user, rows, provinces)

        assert cells(by_template()) == cells(by_python()), "the two ways differ"
        template_ms = timed(by_template, args.repeats)
        python_ms = timed(by_python, args.repeats)
    print(f"{len(rows)} rows, median of {args.repeats}:")
    print(f"  Django's template      {template_ms:7.2f} ms")
    print(f"  written in Python      {python_ms:7.2f} ms")
    print(f"  Python / template      {python_ms / template_ms:7.2f}")


if __name__ == "__main__":
    main()
