"""What the audit log hides from users without the right to see protected identities:
everything that identifies a protected person, and the records entered beside one."""

import html

import pytest
from django.urls import reverse

from vss import policy
from vss.audit import context
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.selectors import MASK, mask_protected_identities
from vss.audit.services import audit_record
from vss.people.models import Relationship
from vss.people.services import PersonData, kinship_link, person_create, person_update
from vss.policy import Right
from vss.testing.factories import PersonFactory, VifFactory

pytestmark = pytest.mark.django_db


def _in_request(request_id: str):  # type: ignore[no-untyped-def]
    """Run what follows as if served in the request `request_id`."""

    class _Bound:
        def __enter__(self) -> None:
            self.token = context.bind(context.RequestContext(request_id=request_id))

        def __exit__(self, *exc: object) -> None:
            context.reset(self.token)

    return _Bound()


def _log_as(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return html.unescape(client.get(reverse("audit:list")).text)


def test_the_auditor_does_not_hold_the_right_to_see_protected_identities(auditor):
    assert policy.has_right(auditor, Right.VIEW_AUDIT_LOG)
    assert not policy.has_right(auditor, Right.SEE_PROTECTED_IDENTITIES)


def test_birth_year_sex_and_ethnicity_of_a_protected_person_are_masked(client, auditor, intake):
    # Intake marks the person protected; VSS gives the pseudonym.
    person = person_create(
        actor=intake,
        data=PersonData(
            family_name_latin="CHHUON",
            sex="female",
            birth_year=1937,
            birth_year_margin=3,
            ethnicity="cham",
            is_protected=True,
        ),
    )
    page = _log_as(client, auditor)
    assert person.pseudonym == f"PS-{person.pk:05d}"
    assert person.pseudonym in page
    for revealing in ("1937", "female", "cham", "Cham", "CHHUON"):
        assert revealing not in page
    entry = mask_protected_identities(
        auditor, list(AuditEntry.objects.filter(object_type="people.person"))
    )[0]
    for field in ("sex", "birth_year", "birth_year_margin", "ethnicity", "family_name_latin"):
        assert entry.changes[field] == {"old": MASK, "new": MASK}


def test_the_crimes_and_harms_of_a_protected_applicants_form_are_masked(auditor, intake):
    form = VifFactory.create(applicant=PersonFactory.create(is_protected=True, pseudonym="TCW-8"))
    audit_record(
        actor=intake,
        action=AuditAction.UPDATE,
        obj=form,
        changes={
            "crimes": {"old": [], "new": [[1, None, "01020304", 1975, 1977]]},
            "harms": {"old": [], "new": [["physical", "indirect", 41, "sibling"]]},
            "signature": {"old": "", "new": "thumbprint"},
        },
    )
    (entry,) = mask_protected_identities(auditor, list(AuditEntry.objects.all()))
    assert entry.changes["crimes"] == entry.changes["harms"] == {"old": MASK, "new": MASK}
    assert entry.changes["signature"] == {"old": "", "new": "thumbprint"}


def _protected_applicant_with_a_relative(intake):  # type: ignore[no-untyped-def]
    """A protected applicant and a sister entered on the same form, as one request."""
    with _in_request("req-form"):
        applicant = person_create(
            actor=intake,
            data=PersonData(family_name_latin="SUON", is_protected=True),
        )
        relative = person_create(
            actor=intake,
            data=PersonData(family_name_latin="SUON", given_name_latin="Chantha", birth_year=1948),
        )
        kinship_link(
            actor=intake, person=applicant, relative=relative, relationship=Relationship.SIBLING
        )
    return applicant, relative


def test_a_relative_created_in_the_same_request_as_a_protected_person_is_masked(
    client, auditor, intake
):
    _applicant, relative = _protected_applicant_with_a_relative(intake)
    # Corrected later, in a request that says nothing of the protected applicant.
    with _in_request("req-later"):
        person_update(
            actor=intake,
            person=relative,
            data=PersonData(
                family_name_latin="SUON", given_name_latin="Chantha", birth_year=1948,
                phone="012 555 014",
            ),
        )  # fmt: skip
    with _in_request("req-other"):
        person_create(actor=intake, data=PersonData(family_name_latin="KEO", birth_year=1961))

    page = _log_as(client, auditor)
    for revealing in ("SUON", "Chantha", "1948", "012 555 014"):
        assert revealing not in page
    # A person entered in another request, beside nobody protected, stays readable.
    assert "KEO" in page and "1961" in page


def test_masking_the_entries_beside_protected_people_takes_the_same_queries_for_any_page(
    auditor, intake, django_assert_max_num_queries
):
    for _ in range(6):
        _protected_applicant_with_a_relative(intake)
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 18
    # The requests, the stamp of protected names (and, unread yet, the names), people, forms.
    with django_assert_max_num_queries(4):
        masked = mask_protected_identities(auditor, entries)
    people = [e for e in masked if e.object_type == "people.person"]
    assert all(e.changes["family_name_latin"]["new"] == MASK for e in people)


def test_users_with_the_right_read_the_entries_whole(chief, intake):
    _protected_applicant_with_a_relative(intake)
    entries = mask_protected_identities(chief, list(AuditEntry.objects.all()))
    names = {
        e.changes["family_name_latin"]["new"] for e in entries if "family_name_latin" in e.changes
    }
    assert names == {"SUON"}
    assert any(e.changes.get("given_name_latin", {}).get("new") == "Chantha" for e in entries)


def test_a_search_typed_with_a_protected_persons_real_name_is_masked(client, auditor, intake):
    """Who searched and how many rows were shown stay; a text that would find a
    protected person by a real name is that name, and is masked for the auditor."""
    PersonFactory.create(
        family_name_latin="CHHUON", given_name_latin="Sreypov", is_protected=True, pseudonym="W-1"
    )
    PersonFactory.create(family_name_latin="KHIEVMEAS", given_name_latin="Sophal")
    client.force_login(intake)
    client.get(reverse("applications:list"), {"q": "chhuon srey"})
    client.get(reverse("applications:list"), {"q": "KHIEVMEAS"})
    page = _log_as(client, auditor)
    assert "chhuon" not in page.lower() and "srey" not in page.lower()
    assert "KHIEVMEAS" in page
    searches = mask_protected_identities(
        auditor, list(AuditEntry.objects.filter(action=AuditAction.SEARCH).order_by("pk"))
    )
    assert [e.changes["query"]["new"] for e in searches] == [MASK, "KHIEVMEAS"]
    assert [e.changes["shown"]["new"] for e in searches] == [0, 0]
