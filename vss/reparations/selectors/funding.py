"""Reads of the programme's money: what each project needs, has secured and has received,
through the policy's scope of projects (a donor reads only the projects it funds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vss import policy
from vss.reparations.models import Project

if TYPE_CHECKING:
    from vss.accounts.models import User


def funded_projects_for_donor(user: User) -> QuerySet[Project]:
    """The projects a donor's organisation funds, with their kept totals, for its home page."""
    return policy.projects_in_scope(user, Project.objects.all()).only(
        "reference",
        "title_km",
        "title_en",
        "title_fr",
        "status",
        "budget_usd",
        "secured_usd",
        "received_usd",
    )
