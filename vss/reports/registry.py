"""The Section's standard reports, each registered by the module that makes it (see
hooks.py): the reports page lists those its reader's rights open, in their order."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from vss.core.registry import NamedRegistry

if TYPE_CHECKING:
    from vss.accounts.models import User


@dataclass(frozen=True)
class Report:
    name: str
    title: str | Promise
    # What it answers, in a sentence, under its title on the reports page.
    summary: str | Promise
    url_name: str
    order: int
    # Who may run it: the policy's test (vss/policy/reports.py), never a role named here.
    shown: Callable[["User"], bool]


reports: NamedRegistry[Report] = NamedRegistry("reports")


def reports_for(user: "User") -> list[Report]:
    return [report for report in reports.in_order() if report.shown(user)]
