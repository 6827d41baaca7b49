import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import PermissionDenied, ValidationError

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.portal.models import Receipt
from vss.portal.services.receipts import (
    ALPHABET,
    code_matches,
    receipt_issue,
    receipt_issue_on_paper,
    receipt_matching,
)
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory
from vss.testing.personas import persona

pytestmark = pytest.mark.django_db


def _application(status: str = Status.RECEIVED, birth_year: int = 1961):
    form = VifFactory(applicant=PersonFactory(birth_year=birth_year))
    return ApplicationFactory(form=form, status=status)


def test_a_receipt_has_a_short_unambiguous_reference_and_a_code_kept_only_hashed():
    issued = receipt_issue(application=_application())
    reference = issued.receipt.reference
    assert len(reference) == 11 and reference[5] == "-"
    assert set(reference.replace("-", "")) <= set(ALPHABET)
    assert not set("01OIL") & set(reference + issued.code)
    stored = Receipt.objects.get()
    assert issued.code not in stored.code_hash
    algorithm, rounds, _salt, _digest = stored.code_hash.split("$")
    assert (algorithm, int(rounds)) == ("pbkdf2_sha256", settings.VSS_RECEIPT_CODE_ITERATIONS)


def test_a_code_hashed_with_more_rounds_still_opens_its_receipt():
    # A code hashed as Django hashes a password (1,000,000 rounds) is checked by the
    # rounds its hash names.
    application = _application(birth_year=1950)
    issued = receipt_issue(application=application)
    Receipt.objects.filter(pk=issued.receipt.pk).update(
        code_hash=PBKDF2PasswordHasher().encode(issued.code, "somesalt", iterations=2000)
    )
    found = receipt_matching(reference=issued.receipt.reference, code=issued.code, birth_year=1950)
    assert found is not None and found.pk == issued.receipt.pk
    assert not code_matches(issued.code, "md5$salt$0123")


def test_references_and_codes_differ_from_one_receipt_to_the_next():
    issued = [receipt_issue(application=_application()) for _ in range(5)]
    assert len({i.receipt.reference for i in issued}) == 5
    assert len({i.code for i in issued}) == 5


def test_issuing_is_audited_without_the_code():
    issued = receipt_issue(application=_application())
    entry = AuditEntry.objects.get(object_type="portal.receipt")
    assert entry.action == AuditAction.CREATE and entry.actor is None
    assert issued.code not in str(entry.changes)


def test_issuing_again_keeps_the_reference_and_the_old_code_stops_working():
    application = _application()
    first = receipt_issue(application=application)
    second = receipt_issue(application=application)
    assert second.receipt.reference == first.receipt.reference
    ref = first.receipt.reference
    assert receipt_matching(reference=ref, code=first.code, birth_year=1961) is None
    assert receipt_matching(reference=ref, code=second.code, birth_year=1961) is not None


def test_the_three_answers_open_the_receipt_as_typed_in_lower_case_and_spaces():
    issued = receipt_issue(application=_application())
    typed = issued.receipt.reference.lower().replace("-", " ")
    found = receipt_matching(reference=typed, code=issued.code.lower(), birth_year=1961)
    assert found == issued.receipt


@pytest.mark.parametrize("wrong", ["reference", "code", "year"])
def test_any_one_wrong_answer_opens_nothing(wrong):
    issued = receipt_issue(application=_application())
    answers = {"reference": issued.receipt.reference, "code": issued.code, "birth_year": 1961}
    if wrong == "reference":
        answers["reference"] = "23456-78923"
    elif wrong == "code":
        answers["code"] = "ABCDEFGH"
    else:
        answers["birth_year"] = 1962
    assert receipt_matching(**answers) is None


def test_intake_staff_issue_a_receipt_for_a_received_paper_form_others_may_not():
    application, intake = _application(), persona(Role.INTAKE)
    issued = receipt_issue_on_paper(actor=intake, application=application)
    assert AuditEntry.objects.get(object_type="portal.receipt").actor_username
    assert issued.receipt.application == application
    with pytest.raises(PermissionDenied):
        receipt_issue_on_paper(actor=persona(Role.DONOR), application=application)
    with pytest.raises(ValidationError):
        receipt_issue_on_paper(actor=intake, application=_application(Status.DRAFT))
