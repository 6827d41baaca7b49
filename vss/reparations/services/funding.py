"""Every write to the programme's money: the donors, a project's budget lines, pledges,
payments, and the cancelling of a pledge. Each checks the right to manage projects, runs
in one transaction and writes its audit entry in it.

A project's totals are kept as the rows change, under the project's row lock: its
budget is the sum of its current lines (a change of budget is a change of the project,
versioned and audited); what it has received and secured moves by what each pledge,
payment or cancellation adds or takes away, counted as `money.project_funding_recount`
counts it from the rows, so that the two always agree."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, check_version, new_values
from vss.core.validation import not_in_future
from vss.policy import Right

from ..audit_labels import DONOR
from ..models import BudgetLine, Currency, Payment, Pledge, Project
from ..money import CENT, in_usd, unpaid

ZERO = Decimal("0.00")


def _require_managing(user: User) -> None:
    policy.require_right(user, Right.MANAGE_PROJECTS)


def _created(user: User, record: Model, *, label: str, values: dict[str, object]) -> None:
    """Save a new record the service built, checked against its columns (digits, lengths),
    with its audit entry listing the values it was given."""
    record.full_clean(exclude=[f.name for f in record._meta.fields if f.is_relation])
    record.save()
    audit_record(
        actor=user, action=AuditAction.CREATE, obj=record, label=label, changes=new_values(values)
    )


def _text(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ValidationError({field: message})
    return value.strip()


# --- donors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DonorData:
    name: str
    name_km: str = ""
    acronym: str = ""


def _donor_values(data: DonorData, *, donor: Organisation | None = None) -> dict[str, str]:
    name = _text(data.name, "name", _("Give the donor's name."))
    taken = Organisation.objects.filter(name__iexact=name)
    if donor is not None:
        taken = taken.exclude(pk=donor.pk)
    if taken.exists():
        raise ValidationError({"name": _("An organisation of this name is already recorded.")})
    return {"name": name, "name_km": data.name_km.strip(), "acronym": data.acronym.strip()}


@transaction.atomic
def donor_create(*, user: User, data: DonorData) -> Organisation:
    _require_managing(user)
    values = _donor_values(data)
    donor = Organisation.objects.create(kind=OrganisationKind.DONOR, **values)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=donor,
        label=audit_label(DONOR, donor=donor.pk),
        changes=new_values({**values, "kind": OrganisationKind.DONOR.value}),
    )
    return donor


@transaction.atomic
def donor_update(*, user: User, donor: Organisation, data: DonorData) -> Organisation:
    """Rename a donor (a ministry renamed, an acronym corrected): its pledges follow."""
    _require_managing(user)
    donor = Organisation.objects.select_for_update().get(pk=donor.pk, kind=OrganisationKind.DONOR)
    audited_update(
        donor,
        actor=user,
        values=_donor_values(data, donor=donor),
        label=audit_label(DONOR, donor=donor.pk),
    )
    return donor


# --- budget lines ------------------------------------------------------------------------


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _positive(amount: Decimal, field: str) -> None:
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})


def _keep_budget(user: User, project: Project) -> None:
    """The budget is the sum of the current lines: a change of the project, versioned."""
    total = BudgetLine.objects.filter(project=project, archived_at__isnull=True).aggregate(
        total=Sum("amount_usd")
    )["total"]
    # SQLite's sum drops the trailing zeros a DecimalField keeps.
    budget = (total or ZERO).quantize(CENT)
    audited_update(project, actor=user, values={"budget_usd": budget}, label=project.reference)


@transaction.atomic
def budget_line_add(
    *, user: User, project: Project, description: str, amount_usd: Decimal
) -> BudgetLine:
    _require_managing(user)
    project = _locked(project)
    description = _text(description, "description", _("Say what the line pays for."))
    _positive(amount_usd, "amount_usd")
    line = BudgetLine(
        project=project, description=description, amount_usd=amount_usd, recorded_by=user
    )
    _created(
        user,
        line,
        label=project.reference,
        values={"description": description, "amount_usd": str(amount_usd)},
    )
    _keep_budget(user, project)
    return line


@transaction.atomic
def budget_line_archive(*, user: User, line: BudgetLine, reason: str) -> BudgetLine:
    """Take a line out of the budget, keeping it with who took it out, when and why."""
    _require_managing(user)
    project = _locked(line.project)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if line.archived_at is not None:
        raise ValidationError(_("This budget line is already archived."))
    line.archived_at = timezone.now()
    line.archived_by = user
    line.archive_reason = _text(reason, "reason", _("Say why the line is archived."))
    line.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=line,
        label=project.reference,
        changes={"archive_reason": {"old": "", "new": line.archive_reason}},
    )
    _keep_budget(user, project)
    return line


# --- pledges and payments ----------------------------------------------------------------


def _move_figures(user: User, project: Project, *, secured: Decimal, received: Decimal) -> None:
    """Add to the project's kept totals (under its lock) and audit the change. Not a
    version of the project: money coming in does not make an officer's open edit of the
    project's texts stale."""
    if not secured and not received:
        return
    old = {"secured_usd": project.secured_usd, "received_usd": project.received_usd}
    project.secured_usd += secured
    project.received_usd += received
    project.save(update_fields=["secured_usd", "received_usd"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=project,
        label=project.reference,
        changes={
            name: {"old": str(before), "new": str(getattr(project, name))}
            for name, before in old.items()
            if before != getattr(project, name)
        },
    )


def _rate(currency: str, usd_rate: Decimal, field: str = "usd_rate") -> None:
    if usd_rate <= 0:
        raise ValidationError({field: _("The rate must be more than zero.")})
    if currency == Currency.USD and usd_rate != 1:
        raise ValidationError({field: _("A dollar is worth one dollar: the rate is 1.")})


@dataclass(frozen=True)
class PledgeData:
    donor: Organisation
    currency: str
    amount: Decimal
    pledged_on: datetime.date
    usd_rate: Decimal
    reference: str = ""


@transaction.atomic
def pledge_record(*, user: User, project: Project, data: PledgeData) -> Pledge:
    """A donor's promise, in its currency at the rate of the day it was made: counted as
    secured at that rate until it is paid."""
    _require_managing(user)
    project = _locked(project)
    if data.donor.kind != OrganisationKind.DONOR:
        raise ValidationError({"donor": _("Choose a donor from the list of donors.")})
    _positive(data.amount, "amount")
    _rate(data.currency, data.usd_rate)
    not_in_future(data.pledged_on, "pledged_on")
    pledge = Pledge(
        project=project,
        donor=data.donor,
        currency=data.currency,
        amount=data.amount,
        pledged_on=data.pledged_on,
        usd_rate=data.usd_rate,
        amount_usd=in_usd(data.amount, data.usd_rate),
        reference=data.reference.strip(),
        recorded_by=user,
    )
    _created(
        user,
        pledge,
        label=project.reference,
        values={
            "donor": data.donor.pk,
            "currency": data.currency,
            "amount": str(pledge.amount),
            "pledged_on": data.pledged_on.isoformat(),
            "usd_rate": str(pledge.usd_rate),
            "amount_usd": str(pledge.amount_usd),
            "reference": pledge.reference,
        },
    )
    _move_figures(user, project, secured=pledge.amount_usd, received=ZERO)
    return pledge


def _paid(pledge: Pledge) -> Decimal:
    total = pledge.payments.aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


@dataclass(frozen=True)
class PaymentData:
    amount: Decimal
    received_on: datetime.date
    usd_rate: Decimal
    rate_source: str


@transaction.atomic
def payment_record(*, user: User, pledge: Pledge, data: PaymentData) -> Payment:
    """Money received against a pledge, in its currency at the rate of the day it came.
    It counts as received at that rate, and the pledge's unpaid part, counted as secured
    at the pledge's rate, shrinks by what it paid."""
    _require_managing(user)
    project = _locked(pledge.project)
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.cancelled_at is not None:
        raise ValidationError(_("This pledge was cancelled: it takes no payment."))
    _positive(data.amount, "amount")
    _rate(pledge.currency, data.usd_rate)
    not_in_future(data.received_on, "received_on")
    source = _text(data.rate_source, "rate_source", _("Say where the rate of the day was read."))
    paid = _paid(pledge)
    payment = Payment(
        pledge=pledge,
        amount=data.amount,
        received_on=data.received_on,
        usd_rate=data.usd_rate,
        amount_usd=in_usd(data.amount, data.usd_rate),
        rate_source=source,
        recorded_by=user,
    )
    _created(
        user,
        payment,
        label=project.reference,
        values={
            "pledge": pledge.pk,
            "amount": str(payment.amount),
            "received_on": data.received_on.isoformat(),
            "usd_rate": str(payment.usd_rate),
            "amount_usd": str(payment.amount_usd),
            "rate_source": source,
        },
    )
    # The pledge moved: a cancellation decided before this payment is refused.
    pledge.version += 1
    pledge.save(update_fields=["version"])
    still_promised = in_usd(unpaid(pledge.amount, paid), pledge.usd_rate) - in_usd(
        unpaid(pledge.amount, paid + payment.amount), pledge.usd_rate
    )
    _move_figures(
        user, project, secured=payment.amount_usd - still_promised, received=payment.amount_usd
    )
    return payment


@transaction.atomic
def pledge_cancel(
    *, user: User, pledge: Pledge, reason: str, expected_version: int | None = None
) -> Pledge:
    """A donor withdrew its promise: the pledge is kept, with who cancelled it, when and
    why; what it already paid stays received, its unpaid part stops counting as secured."""
    _require_managing(user)
    project = _locked(pledge.project)
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    check_version(pledge, expected_version)
    if pledge.cancelled_at is not None:
        raise ValidationError(_("This pledge is already cancelled."))
    withdrawn = in_usd(unpaid(pledge.amount, _paid(pledge)), pledge.usd_rate)
    audited_update(
        pledge,
        actor=user,
        values={
            "cancelled_at": timezone.now(),
            "cancelled_by": user,
            "cancel_reason": _text(reason, "reason", _("Say why the pledge is cancelled.")),
        },
        label=project.reference,
    )
    _move_figures(user, project, secured=-withdrawn, received=ZERO)
    return pledge
