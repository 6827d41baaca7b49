"""Receipts: what lets an applicant follow their application without an account. The
reference is printed and said on the phone, so it is short and drawn from letters and
digits that are not mistaken for one another; the secret code is shown once, when the
receipt is issued, and kept only as a password's hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.policy.rights import Right

from ..models import Receipt

# No 0/O, 1/I/L, nor U (read as V in some hands): what is left is read aloud and typed on
# a phone's keypad without doubt.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# 30**10 is about 6 * 10**14 references: a guesser limited to a few tries an hour finds
# none, and a reference alone opens nothing without its code and a year of birth.
REFERENCE_LENGTH = 10
CODE_LENGTH = 8
_GROUP = 5


@dataclass(frozen=True)
class IssuedReceipt:
    receipt: Receipt
    # The code in clear, to print or send once: it is never stored nor shown again.
    code: str


def _draw(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _grouped(value: str) -> str:
    return "-".join(value[i : i + _GROUP] for i in range(0, len(value), _GROUP))


def normalise(value: str) -> str:
    """A reference or code as typed (lower case, spaces, dashes) in the form it was
    issued in."""
    return "".join(ch for ch in value.upper() if ch.isalnum())[:40]


def reference_normalised(value: str) -> str:
    return _grouped(normalise(value))


class ReceiptCodeHasher(PBKDF2PasswordHasher):
    """PBKDF2 as for the staff's passwords, with fewer rounds: a code is checked for
    anyone who asks, not for a signed-in user, and a second of a core per try would let
    many addresses at once tie up the server. A stored hash read by a thief still costs
    some 10**16 rounds to reverse (30**8 codes, VSS_RECEIPT_CODE_ITERATIONS each), and
    the code opens nothing without its reference and a year of birth. A hash made with
    more rounds (Django's own) is read by the rounds it names."""

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        rounds = iterations or int(settings.VSS_RECEIPT_CODE_ITERATIONS)
        return super().encode(password, salt, rounds)


_HASHER = ReceiptCodeHasher()


def code_hash(code: str) -> str:
    return _HASHER.encode(normalise(code), _HASHER.salt())


def code_matches(code: str, encoded: str) -> bool:
    try:
        return _HASHER.verify(normalise(code), encoded)
    except (AssertionError, ValueError):
        # Not a PBKDF2 hash: nothing this code opens.
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked against when no receipt has the reference, so that an unknown reference
    # costs the same time as a known one with a wrong code.
    return code_hash(_draw(CODE_LENGTH))


@transaction.atomic
def receipt_issue(*, application: Application, actor: User | None = None) -> IssuedReceipt:
    """Issues the application's receipt, or a new code for the one it has (the old code
    stops opening it; the reference stays, as it is already on paper). Called when an
    application is sent online (no one signed in) and by the Section's staff for a paper
    form (see `receipt_issue_on_paper`, which checks their right)."""
    code = _draw(CODE_LENGTH)
    existing = Receipt.objects.select_for_update().filter(application=application).first()
    if existing is not None:
        existing.code_hash = code_hash(code)
        existing.save(update_fields=["code_hash"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=existing,
            label=existing.reference,
            # The hash is not a value anyone should read, even in the log.
            changes={"code": {"old": "…", "new": "…"}},
        )
        return IssuedReceipt(receipt=existing, code=code)
    while True:
        try:
            # A savepoint per try: a reference drawn twice (one in 10**14) is drawn again.
            with transaction.atomic():
                receipt = Receipt.objects.create(
                    application=application,
                    reference=_grouped(_draw(REFERENCE_LENGTH)),
                    code_hash=code_hash(code),
                )
        except IntegrityError:
            if Receipt.objects.filter(application=application).exists():
                raise
            continue
        break
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=receipt,
        label=receipt.reference,
        changes={
            "application": {"old": None, "new": application.pk},
            "reference": {"old": None, "new": receipt.reference},
        },
    )
    return IssuedReceipt(receipt=receipt, code=code)


@transaction.atomic
def receipt_issue_on_paper(*, actor: User, application: Application) -> IssuedReceipt:
    """A receipt for a form received on paper, printed by intake staff and handed over."""
    policy.require_right(actor, Right.RECORD_INTAKE)
    if not policy.can_issue_receipt(actor, application):
        raise ValidationError(_("A receipt is issued once the form is received."))
    return receipt_issue(application=application, actor=actor)


def receipt_matching(*, reference: str, code: str, birth_year: int | None) -> Receipt | None:
    """The receipt that the three answers open, or None. Whatever is wrong (no such
    reference, a wrong code, a wrong year) costs one hash check, so the time taken does
    not tell a guesser which."""
    receipt = (
        Receipt.objects.select_related("application__applicant")
        .filter(reference=reference_normalised(reference))
        .first()
    )
    code_ok = code_matches(code, receipt.code_hash if receipt else _dummy_hash())
    if receipt is None or not code_ok or birth_year is None:
        return None
    if receipt.application.applicant.approximate_birth_year != birth_year:
        return None
    return receipt
