"""The funding services: who may write, what each writes to the audit log, the budget as
the sum of its current lines, and the money's arithmetic, exact to the cent in every
currency and kept in step with a recount from the rows whatever the order of events."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vss.accounts.models import OrganisationKind
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.reparations.models import BudgetLine, Currency, Pledge, Project
from vss.reparations.money import in_usd, project_funding_recount
from vss.reparations.services import funding as services
from vss.reparations.services.funding import DonorData, PaymentData, PledgeData
from vss.testing.factories import (
    BudgetLineFactory,
    OrganisationFactory,
    PaymentFactory,
    PledgeFactory,
    ProjectFactory,
)
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
MANAGERS = ["chief", "reparations"]


def _today() -> datetime.date:
    return timezone.localdate()


def _cents_half_up(amount: Decimal, rate: Decimal) -> Decimal:
    """The same conversion counted in whole numbers (cents times ten-decimal rate units),
    with no Decimal context involved, to check `in_usd` against."""
    cents = int(amount * 100)
    units = int(rate * 10**10)
    product = cents * units  # in units of 1e-12 dollars
    whole, rest = divmod(product, 10**10)
    return Decimal(whole + (1 if rest * 2 >= 10**10 else 0)) / 100


@pytest.fixture
def bmz():
    return OrganisationFactory.create(
        name="Germany (BMZ/GIZ)", acronym="BMZ", kind=OrganisationKind.DONOR
    )


@pytest.fixture
def project():
    return ProjectFactory.create()


def _pledge(user, project, donor, currency=Currency.USD, amount="10000.00", rate="1") -> Pledge:
    return services.pledge_record(
        user=user,
        project=project,
        data=PledgeData(
            donor=donor,
            currency=currency,
            amount=Decimal(amount),
            pledged_on=_today() - 30 * DAY,
            usd_rate=Decimal(rate),
            reference="BMZ 2014.1234",
        ),
    )


def _pay(user, pledge, amount, rate):
    return services.payment_record(
        user=user,
        pledge=pledge,
        data=PaymentData(
            amount=Decimal(amount),
            received_on=_today() - DAY,
            usd_rate=Decimal(rate),
            rate_source="National Bank of Cambodia, rate of the day",
        ),
    )


def _kept_agrees(project: Project) -> None:
    project.refresh_from_db()
    figures = project_funding_recount(project)
    assert (project.secured_usd, project.received_usd) == (
        figures.secured_usd,
        figures.received_usd,
    )


# --- rights --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [p for p in PERSONAS if p not in MANAGERS])
def test_only_those_who_manage_projects_write_funding(request, name, project, bmz):
    user = request.getfixturevalue(name)
    pledge = PledgeFactory.create(project=project, donor=bmz)
    line = BudgetLineFactory.create(project=project)
    writes = [
        lambda: services.donor_create(user=user, data=DonorData(name="Japan (JICA)")),
        lambda: services.donor_update(user=user, donor=bmz, data=DonorData(name="Germany")),
        lambda: services.budget_line_add(
            user=user, project=project, description="Stupa", amount_usd=Decimal(1)
        ),
        lambda: services.budget_line_archive(user=user, line=line, reason="Twice"),
        lambda: _pledge(user, project, bmz),
        lambda: _pay(user, pledge, "1.00", "1"),
        lambda: services.pledge_cancel(user=user, pledge=pledge, reason="Withdrawn"),
    ]
    entries = AuditEntry.objects.count()
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("name", MANAGERS)
def test_the_officer_and_the_chief_write_funding(request, name, project, bmz):
    user = request.getfixturevalue(name)
    pledge = _pledge(user, project, bmz)
    _pay(user, pledge, "4000.00", "1")
    services.pledge_cancel(user=user, pledge=pledge, reason="The ministry's budget was cut")
    project.refresh_from_db()
    assert (project.secured_usd, project.received_usd) == (Decimal("4000.00"),) * 2


# --- donors ----------------------------------------------------------------------------


def test_a_donor_is_created_and_renamed_with_audit_entries(reparations):
    donor = services.donor_create(
        user=reparations,
        data=DonorData(name=" Switzerland (SDC) ", name_km="ស្វីស", acronym="SDC"),
    )
    assert (donor.name, donor.kind) == ("Switzerland (SDC)", OrganisationKind.DONOR)
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="accounts.organisation")
    assert created.changes["name"] == {"old": None, "new": "Switzerland (SDC)"}
    services.donor_update(
        user=reparations,
        donor=donor,
        data=DonorData(name="Swiss Agency for Development and Cooperation", acronym="SDC"),
    )
    donor.refresh_from_db()
    assert donor.name == "Swiss Agency for Development and Cooperation"
    renamed = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="accounts.organisation")
    assert renamed.changes["name"]["old"] == "Switzerland (SDC)"
    assert renamed.changes["name_km"] == {"old": "ស្វីស", "new": ""}


def test_a_donors_name_is_needed_and_not_taken_twice(reparations, bmz):
    with pytest.raises(ValidationError):
        services.donor_create(user=reparations, data=DonorData(name="  "))
    with pytest.raises(ValidationError):
        services.donor_create(user=reparations, data=DonorData(name="germany (bmz/giz)"))


# --- budget lines ----------------------------------------------------------------------


def test_the_budget_is_the_sum_of_the_current_lines_and_each_change_a_version(reparations, project):
    first = services.budget_line_add(
        user=reparations, project=project, description="Stupa", amount_usd=Decimal("60000.50")
    )
    services.budget_line_add(
        user=reparations, project=project, description="Ceremony", amount_usd=Decimal("24999.50")
    )
    project.refresh_from_db()
    assert (project.budget_usd, project.version) == (Decimal("85000.00"), 2)
    services.budget_line_archive(user=reparations, line=first, reason="The site gave the stupa")
    project.refresh_from_db()
    first.refresh_from_db()
    assert (project.budget_usd, project.version) == (Decimal("24999.50"), 3)
    assert (first.archived_by, first.archive_reason) == (reparations, "The site gave the stupa")
    budget = AuditEntry.objects.filter(object_type="reparations.project").order_by("pk").last()
    assert budget.changes["budget_usd"] == {"old": "85000.00", "new": "24999.50"}
    assert AuditEntry.objects.filter(object_type="reparations.budgetline").count() == 3


def test_a_budget_line_needs_a_description_and_a_positive_amount_and_is_archived_once(
    reparations, project
):
    for description, amount in (("", "10"), ("Stupa", "0"), ("Stupa", "-5")):
        with pytest.raises(ValidationError):
            services.budget_line_add(
                user=reparations,
                project=project,
                description=description,
                amount_usd=Decimal(amount),
            )
    line = BudgetLineFactory.create(project=project)
    with pytest.raises(ValidationError):
        services.budget_line_archive(user=reparations, line=line, reason=" ")
    services.budget_line_archive(user=reparations, line=line, reason="Twice")
    with pytest.raises(ValidationError):
        services.budget_line_archive(user=reparations, line=line, reason="Again")
    assert BudgetLine.objects.count() == 1


# --- the arithmetic ------------------------------------------------------------------------


def test_in_usd_rounds_half_up_to_the_cent():
    assert in_usd(Decimal("0.01"), Decimal("0.5")) == Decimal("0.01")
    assert in_usd(Decimal("0.03"), Decimal("0.5")) == Decimal("0.02")
    assert in_usd(Decimal("0.01"), Decimal("0.4999999999")) == Decimal("0.00")


@pytest.mark.parametrize(
    ("amount", "rate"),
    [
        ("4100000000.00", "0.0002439024"),  # riel, billions of them
        ("987654321.99", "0.0067123456"),  # yen
        ("250000.00", "1.0834567891"),  # euro, ten decimals
        ("333333.33", "1.1298765432"),  # Swiss franc
        # 18 digits of amount times 11 of rate: more than the 28 digits Decimal keeps by
        # default, so the product would be rounded before the cent.
        ("9999999999999999.99", "1.2345678901"),
    ],
)
def test_in_usd_is_exact_whatever_the_size(amount, rate):
    assert in_usd(Decimal(amount), Decimal(rate)) == _cents_half_up(Decimal(amount), Decimal(rate))


def test_secured_and_received_across_currencies(reparations, project, bmz):
    yen = _pledge(reparations, project, bmz, Currency.JPY, "987654321.00", "0.0067123456")
    riel = _pledge(reparations, project, bmz, Currency.KHR, "4100000000.00", "0.0002439024")
    euro = _pledge(reparations, project, bmz, Currency.EUR, "250000.00", "1.0834567891")
    # Part of the euros arrives at another day's rate.
    _pay(reparations, euro, "100000.00", "1.0912345678")
    # The yen in full, at a lower rate than promised.
    _pay(reparations, yen, "987654321.00", "0.0066000001")
    project.refresh_from_db()
    received = _cents_half_up(Decimal("100000.00"), Decimal("1.0912345678")) + _cents_half_up(
        Decimal("987654321.00"), Decimal("0.0066000001")
    )
    promised = _cents_half_up(Decimal("4100000000.00"), Decimal("0.0002439024")) + _cents_half_up(
        Decimal("150000.00"), Decimal("1.0834567891")
    )
    assert project.received_usd == received
    assert project.secured_usd == received + promised
    assert riel.amount_usd == _cents_half_up(riel.amount, riel.usd_rate)
    _kept_agrees(project)


def test_a_cancelled_pledge_keeps_what_it_paid_and_stops_counting_the_rest(
    reparations, project, bmz
):
    pledge = _pledge(reparations, project, bmz, Currency.CHF, "200000.00", "1.1298765432")
    _pay(reparations, pledge, "50000.00", "1.1300000001")
    services.pledge_cancel(user=reparations, pledge=pledge, reason="Programme closed")
    project.refresh_from_db()
    paid = _cents_half_up(Decimal("50000.00"), Decimal("1.1300000001"))
    assert (project.secured_usd, project.received_usd) == (paid, paid)
    pledge.refresh_from_db()
    assert (pledge.cancelled_by, pledge.cancel_reason) == (reparations, "Programme closed")
    assert Pledge.objects.filter(pk=pledge.pk).exists()  # kept, not deleted
    with pytest.raises(ValidationError):
        _pay(reparations, pledge, "1.00", "1.13")
    with pytest.raises(ValidationError):
        services.pledge_cancel(user=reparations, pledge=pledge, reason="Again")
    _kept_agrees(project)


def test_paid_beyond_the_pledge_leaves_nothing_unpaid(reparations, project, bmz):
    pledge = _pledge(reparations, project, bmz, Currency.EUR, "1000.00", "1.1")
    _pay(reparations, pledge, "1200.00", "1.2")
    project.refresh_from_db()
    assert project.secured_usd == project.received_usd == Decimal("1440.00")
    _kept_agrees(project)


def test_a_cancellation_decided_before_a_payment_is_refused(reparations, project, bmz):
    pledge = _pledge(reparations, project, bmz)
    opened = Pledge.objects.get(pk=pledge.pk).version
    _pay(reparations, pledge, "2500.00", "1")
    with pytest.raises(StaleEdit):
        services.pledge_cancel(
            user=reparations, pledge=pledge, reason="Withdrawn", expected_version=opened
        )
    assert Pledge.objects.get(pk=pledge.pk).cancelled_at is None


def test_what_a_pledge_or_payment_refuses(reparations, project, bmz):
    partner = OrganisationFactory.create(name="TPO", kind=OrganisationKind.PARTNER)
    refused = [
        lambda: _pledge(reparations, project, partner),
        lambda: _pledge(reparations, project, bmz, amount="0"),
        lambda: _pledge(reparations, project, bmz, Currency.EUR, rate="0"),
        lambda: _pledge(reparations, project, bmz, Currency.USD, rate="1.01"),
        lambda: _pledge(reparations, project, bmz, amount="1.001"),
        lambda: services.pledge_record(
            user=reparations,
            project=project,
            data=PledgeData(
                donor=bmz,
                currency=Currency.USD,
                amount=Decimal(1),
                pledged_on=_today() + DAY,
                usd_rate=Decimal(1),
            ),
        ),
    ]
    for attempt in refused:
        with pytest.raises(ValidationError):
            attempt()
    pledge = PledgeFactory.create(project=project, donor=bmz)
    for amount, rate, source in (("0", "1", "Bank"), ("1", "2", "Bank"), ("1", "1", " ")):
        with pytest.raises(ValidationError):
            services.payment_record(
                user=reparations,
                pledge=pledge,
                data=PaymentData(Decimal(amount), _today(), Decimal(rate), source),
            )
    assert Pledge.objects.count() == 1
    _kept_agrees(project)


def test_each_write_is_audited_with_its_values(reparations, project, bmz):
    pledge = _pledge(reparations, project, bmz, Currency.EUR, "1000.00", "1.0834567891")
    created = AuditEntry.objects.get(object_type="reparations.pledge", action=AuditAction.CREATE)
    assert created.changes["usd_rate"]["new"] == "1.0834567891"
    assert created.changes["amount_usd"]["new"] == "1083.46"
    assert created.object_label == project.reference
    payment = _pay(reparations, pledge, "400.00", "1.1")
    paid = AuditEntry.objects.get(object_type="reparations.payment", action=AuditAction.CREATE)
    assert paid.object_id == str(payment.pk)
    assert paid.changes["rate_source"]["new"] == "National Bank of Cambodia, rate of the day"
    kept = AuditEntry.objects.filter(object_type="reparations.project").order_by("pk").last()
    assert kept.changes["received_usd"] == {"old": "0.00", "new": "440.00"}


# --- the kept totals and the recount agree, whatever happens -------------------------------

CURRENCIES = {
    Currency.USD: st.just(Decimal(1)),
    Currency.KHR: st.decimals("0.0002000000", "0.0003000000", places=10),
    Currency.JPY: st.decimals("0.0060000000", "0.0100000000", places=10),
    Currency.EUR: st.decimals("0.9000000000", "1.3000000000", places=10),
    Currency.CHF: st.decimals("0.9000000000", "1.3000000000", places=10),
}
AMOUNTS = st.decimals("0.01", "5000000000.00", places=2)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("pledge"), st.sampled_from(sorted(CURRENCIES)), AMOUNTS, st.data()),
        st.tuples(st.just("pay"), st.integers(0, 9), AMOUNTS, st.data()),
        st.tuples(st.just("cancel"), st.integers(0, 9), st.none(), st.none()),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
def test_the_kept_totals_always_equal_a_recount(reparations, bmz, steps):
    project = ProjectFactory.create()
    pledges: list[Pledge] = []
    for kind, which, amount, data in steps:
        if kind == "pledge":
            rate = data.draw(CURRENCIES[which])
            pledges.append(_pledge(reparations, project, bmz, which, str(amount), str(rate)))
        elif pledges:
            pledge = Pledge.objects.get(pk=pledges[which % len(pledges)].pk)
            if pledge.cancelled_at is not None:
                continue
            if kind == "pay":
                rate = data.draw(CURRENCIES[Currency(pledge.currency)])
                _pay(reparations, pledge, str(amount), str(rate))
            else:
                services.pledge_cancel(user=reparations, pledge=pledge, reason="Withdrawn")
        _kept_agrees(project)


def test_the_factories_keep_the_totals_as_the_services_do(project, bmz):
    pledge = PledgeFactory.create(project=project, donor=bmz, amount=Decimal("300.00"))
    PaymentFactory.create(pledge=pledge, amount=Decimal("100.00"))
    project.refresh_from_db()
    assert (project.secured_usd, project.received_usd) == (Decimal("300.00"), Decimal("100.00"))
