"""The records the tests of the report of funding per donor and project meet."""

from decimal import Decimal
from types import SimpleNamespace

from vss.accounts.models import OrganisationKind
from vss.reparations.models import Currency
from vss.reparations.services.funding import pledge_cancel
from vss.testing.factories import (
    BudgetLineFactory,
    CaseFactory,
    OrganisationFactory,
    PaymentFactory,
    PledgeFactory,
    ProjectFactory,
)


def donor_organisation(name, acronym):
    return OrganisationFactory.create(name=name, acronym=acronym, kind=OrganisationKind.DONOR)


def funding_world():
    """Case 002 with its segment 002/02, and Case 004. In US dollars:

    | project | case   | budget | donor       | pledged (own currency)   | paid              |
    | REP-1   | 002/02 | 10,000 | Germany     | 6,000 USD                | 4,000 USD         |
    |         |        |        | Switzerland | 5,000 CHF at 1.10: 5,500 | 2,000 CHF at 1.20 |
    |         |        |        | Switzerland | 1,000 USD, cancelled     | 500 USD           |
    | REP-2   | 004    | 8,000  | Germany     | 1,000 EUR at 1.08: 1,080 | nothing           |
    | REP-3   | 002    | 3,000  | Australia   | 3,000 USD                | 3,000 USD         |
    | REP-4   | 004    | 5,000  | nobody      |                          |                   |
    """
    case_002 = CaseFactory.create(number="002", title="Case 002")
    segment = CaseFactory.create(number="002/02", parent=case_002, accepts_applications=False)
    case_004 = CaseFactory.create(number="004", title="Case 004")
    germany = donor_organisation("Germany (BMZ/GIZ)", "BMZ")
    switzerland = donor_organisation("Switzerland (SDC)", "SDC")
    australia = donor_organisation("Australia (DFAT)", "DFAT")
    projects = {}
    for reference, case, budget in [
        ("REP-1", segment, 10000),
        ("REP-2", case_004, 8000),
        ("REP-3", case_002, 3000),
        ("REP-4", case_004, 5000),
    ]:
        projects[reference] = ProjectFactory.create(
            reference=reference, title_en=f"Project {reference}", cases=[case]
        )
        BudgetLineFactory.create(project=projects[reference], amount_usd=Decimal(budget))
    one, two, three = projects["REP-1"], projects["REP-2"], projects["REP-3"]
    PaymentFactory.create(
        pledge=PledgeFactory.create(project=one, donor=germany, amount=Decimal(6000)),
        amount=Decimal(4000),
    )
    PaymentFactory.create(
        pledge=PledgeFactory.create(
            project=one,
            donor=switzerland,
            currency=Currency.CHF,
            amount=Decimal(5000),
            usd_rate=Decimal("1.10"),
        ),
        amount=Decimal(2000),
        usd_rate=Decimal("1.20"),
    )
    cancelled = PledgeFactory.create(project=one, donor=switzerland, amount=Decimal(1000))
    PaymentFactory.create(pledge=cancelled, amount=Decimal(500))
    pledge_cancel(user=one.officer, pledge=cancelled, reason="The rest was not given.")
    PledgeFactory.create(
        project=two,
        donor=germany,
        currency=Currency.EUR,
        amount=Decimal(1000),
        usd_rate=Decimal("1.08"),
    )
    PaymentFactory.create(
        pledge=PledgeFactory.create(project=three, donor=australia, amount=Decimal(3000))
    )
    for project in projects.values():
        project.refresh_from_db()
    return SimpleNamespace(
        case_002=case_002,
        segment=segment,
        case_004=case_004,
        germany=germany,
        switzerland=switzerland,
        australia=australia,
        **{reference.replace("-", "_"): project for reference, project in projects.items()},
    )
