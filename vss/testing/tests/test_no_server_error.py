"""No input answers a server error. For each role, the pages it reaches from the home
page (and the record pages of a small world it may see) are read for their forms; every
form is then sent arbitrary text and numbers in all its fields, POST forms as posted and
GET forms (lists, searches, filters) as query parameters, and the live duplicate check
likewise. Any 5xx fails, with the form and the values that caused it."""

from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from vss.applications.models import Status
from vss.testing.clients import signed_in
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ConsentFactory,
    ContactFactory,
    CrimeTypeFactory,
    ReferralFactory,
    RepresentationFactory,
)
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# Values that once broke a parser somewhere: digits str.isdigit() takes and int() does
# not, numbers beyond any column, dates in other shapes, a NUL PostgreSQL refuses.
HOSTILE = [
    "",
    "²",
    "¹⁹⁵⁰",
    "٣",
    "9" * 30,
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999-12-31",
    "2024-02-30",
    "31/02/2024",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "សុខ",
    " " * 3,
    "x" * 300,
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)

# Pages not worth following: they end the session or serve files, not forms.
NOT_FOLLOWED = ("/accounts/logout/", "/static/", "/i18n/", "/download", "/documents/")
MOST_PAGES = 150
# No shrinking: the values that failed are reported as found, and the run stays short.
BOUNDED = [Phase.explicit, Phase.generate]


@dataclass(frozen=True)
class Form:
    method: str
    action: str
    fields: tuple[str, ...]
    found_on: str


class _Reader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.links: set[str] = set()
        self.forms: list[Form] = []
        self._open: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "a" and attributes.get("href", "").startswith("/"):
            self.links.add(urldefrag(attributes["href"])[0])
        elif tag == "form":
            self._open = {
                "method": attributes.get("method", "get").lower(),
                "action": attributes.get("action") or self.page,
                "fields": [],
            }
        elif tag in ("input", "select", "textarea") and self._open is not None:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self._open["fields"].append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open is not None:
            if self._open["fields"] and self._open["action"].startswith("/"):
                self.forms.append(
                    Form(
                        method=self._open["method"],
                        action=self._open["action"],
                        fields=tuple(dict.fromkeys(self._open["fields"])),
                        found_on=self.page,
                    )
                )
            self._open = None


def forms_reached(client: Client, start: list[str]) -> list[Form]:
    """The forms on the pages reached from `start`, one per action, method and fields."""
    seen: set[str] = set()
    queue = list(start)
    forms: dict[tuple, Form] = {}
    while queue and len(seen) < MOST_PAGES:
        page = queue.pop(0)
        if page in seen or any(part in page for part in NOT_FOLLOWED):
            continue
        seen.add(page)
        response = client.get(page)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])  # the auditor's home is the audit log
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reader = _Reader(page)
        reader.feed(response.content.decode())
        for form in reader.forms:
            if form.method == "get":  # a list's pager sends one more parameter
                form = replace(form, fields=tuple(dict.fromkeys((*form.fields, "page"))))
            if not any(part in form.action for part in NOT_FOLLOWED):
                view = resolve(urlsplit(form.action).path).view_name
                forms.setdefault((form.method, view, form.fields), form)
        queue += sorted(reader.links - seen)
    return list(forms.values())


@pytest.fixture
def world(lawyer, partner):
    """One record of each kind, some of them a lawyer's client and a partner's referral,
    so that record pages and their forms are reached."""
    case = CaseFactory.create()
    CrimeTypeFactory.create()
    application = ApplicationFactory.create(case=case, status=Status.RECEIVED)
    represented = RepresentationFactory.create(lawyer=lawyer.lawyer).application
    referral = ReferralFactory.create(partner=partner.organisation)
    ContactFactory.create(person=application.applicant)
    ConsentFactory.create(person=application.applicant)
    CivilPartyGroupFactory.create(case=case)
    return [
        "/",
        f"/applications/{application.pk}/",
        f"/applications/{represented.pk}/",
        f"/people/{application.applicant_id}/",
        f"/people/{referral.person_id}/",
        f"/applications/forms/{application.form_id}/edit/",
        "/applications/new/",
    ]


def _sent(client: Client, form: Form, values: list[str]) -> int:
    data = dict(zip(form.fields, values, strict=True))
    send = client.post if form.method == "post" else client.get
    return send(form.action, data).status_code


def _server_error(client: Client, form: Form) -> str | None:
    """The first values found that make `form` answer 5xx, shrunk, or None."""

    @settings(
        max_examples=3,
        deadline=None,
        database=None,
        phases=BOUNDED,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=st.lists(VALUES, min_size=len(form.fields), max_size=len(form.fields)))
    def check(values: list[str]) -> None:
        status = _sent(client, form, values)
        assert status < 500, f"{status} from {form} with {values!r}"

    try:
        check()
    except AssertionError as failure:
        return str(failure)
    return None


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_form_or_query_parameter_answers_a_server_error(request, world, persona):
    client = signed_in(request, persona, raise_request_exception=False)
    forms = forms_reached(client, world)
    assert forms, f"{persona} reaches no form: the crawl found nothing to check"
    failures = [failure for form in forms if (failure := _server_error(client, form))]
    assert failures == []


@pytest.mark.parametrize("persona", ["intake", "intermediary", "chief"])
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=BOUNDED,
    suppress_health_check=list(HealthCheck),
)
@given(
    values=st.fixed_dictionaries(
        {
            f"applicant-{field}": VALUES
            for field in (
                "family_name_latin",
                "given_name_latin",
                "family_name_km",
                "given_name_km",
                "sex",
                "birth_year",
                "birth_date",
                "village",
            )
        }
    )
)
def test_the_live_check_never_answers_a_server_error(request, persona, values):
    client = signed_in(request, persona, raise_request_exception=False)
    assert client.get("/duplicates/live/", values).status_code < 500
