"""Every id a control names in aria-describedby is on the page: Django's widgets name
"<id>_helptext" and "<id>_error", and a screen reader reads a field's help and its errors
with the field only if the page holds elements of those ids. Checked on each role's pages
and on each form sent back empty, as a refusal shows it."""

import re

import pytest

from vss.testing.clients import signed_in
from vss.testing.personas import PERSONAS
from vss.testing.tests.test_no_server_error import forms_reached, world  # noqa: F401

pytestmark = pytest.mark.django_db

DESCRIBED_BY = re.compile(r'aria-describedby="([^"]+)"')
ID = re.compile(r'\bid="([^"]+)"')


def _dangling(html: str) -> set[str]:
    ids = set(ID.findall(html))
    named = {name for names in DESCRIBED_BY.findall(html) for name in names.split()}
    return named - ids


@pytest.mark.parametrize("persona", PERSONAS)
def test_help_and_errors_a_field_points_to_are_on_the_page(request, world, persona):  # noqa: F811
    client = signed_in(request, persona, raise_request_exception=False)
    forms = forms_reached(client, world)
    assert forms
    dangling: dict[str, set[str]] = {}
    refused = 0
    for form in forms:
        for method in {"get", form.method}:
            page = form.found_on if method == "get" else form.action
            data = {} if method == "get" else dict.fromkeys(form.fields, "")
            response = (client.post if method == "post" else client.get)(page, data)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            refused += method == "post" and "_error" in html
            if missing := _dangling(html):
                dangling[f"{method.upper()} {page}"] = missing
    assert not dangling, dangling
    if persona in ("intake", "chief"):
        # The check saw refusals, not only clean pages.
        assert refused
