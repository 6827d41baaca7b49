"""The programme's arithmetic of money: an amount in its currency turned into US dollars
at a recorded rate, and a project's secured and received totals counted again from its
pledges and payments. Decimal throughout, at a precision wide enough for the largest
amount times the longest rate, so that no digit is lost before the one rounding to the
cent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .models import Payment, Pledge, Project

CENT = Decimal("0.01")
# 18 digits of amount times 20 of rate hold in 38; the context's default 28 would round
# a large riel or yen amount at a ten-decimal rate before the cent is reached.
PRECISION = 60


def in_usd(amount: Decimal, usd_rate: Decimal) -> Decimal:
    """`amount` of a currency at `usd_rate` US dollars per unit, to the cent, half up."""
    with localcontext(prec=PRECISION):
        return (amount * usd_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def unpaid(amount: Decimal, paid: Decimal) -> Decimal:
    """What is still to come of a pledge, in its currency: paid beyond it leaves nothing."""
    return max(amount - paid, Decimal(0))


@dataclass(frozen=True)
class FundingFigures:
    secured_usd: Decimal
    received_usd: Decimal


def project_funding_recount(project: Project) -> FundingFigures:
    """The project's secured and received totals counted from its rows, as the funding
    services keep them step by step: received is every payment at the rate of its day;
    secured is received, and of each pledge not cancelled its unpaid part at the pledge's
    rate."""
    pledges = list(
        Pledge.objects.filter(project=project).values("pk", "amount", "usd_rate", "cancelled_at")
    )
    paid: dict[int, Decimal] = {}
    received = Decimal("0.00")
    for pledge_id, amount, amount_usd in Payment.objects.filter(
        pledge__project=project
    ).values_list("pledge_id", "amount", "amount_usd"):
        paid[pledge_id] = paid.get(pledge_id, Decimal(0)) + amount
        received += amount_usd
    secured = received
    for pledge in pledges:
        if pledge["cancelled_at"] is None:
            rest = unpaid(pledge["amount"], paid.get(pledge["pk"], Decimal(0)))
            secured += in_usd(rest, pledge["usd_rate"])
    return FundingFigures(secured_usd=secured, received_usd=received)
