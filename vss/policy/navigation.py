"""The menu: links only to pages the user has the right to open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vss.rights import Right

from .representation import lawyer_id_of
from .roles import acts_for_partner, has_right, is_lawyer_account

if TYPE_CHECKING:
    from vss.accounts.models import User


def navigation_for(user: User) -> list[tuple[str, Any]]:
    links: list[tuple[str, Any]] = []
    if has_right(user, Right.VIEW_APPLICATIONS) or acts_for_partner(user):
        links.append((reverse("core:home"), _("Work queue")))
    if has_right(user, Right.VIEW_APPLICATIONS):
        links.append((reverse("applications:list"), _("Applications")))
    if is_lawyer_account(user):
        links.append((reverse("representation:my_clients"), _("My clients")))
    if has_right(user, Right.ENTER_FORMS):
        links.append((reverse("applications:form_create"), _("New VIF")))
    if has_right(user, Right.VIEW_APPLICATIONS):
        links.append((reverse("proceedings:case_list"), _("Cases")))
    if has_right(user, Right.VIEW_REPRESENTATION):
        links.append((reverse("representation:group_cases"), _("Groups")))
    if has_right(user, Right.REVIEW_DUPLICATES):
        links.append((reverse("matching:queue"), _("Duplicates")))
    if has_right(user, Right.VIEW_REPRESENTATION):
        links.append((reverse("representation:lawyer_list"), _("Lawyers")))
    if has_right(user, Right.MANAGE_REPRESENTATION):
        links.append((reverse("representation:without_lawyer"), _("Without a lawyer")))
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is not None:
        links.append(
            (reverse("representation:lawyer_caseload", args=[lawyer_id]), _("My caseload"))
        )
    if has_right(user, Right.VIEW_SUPPORT):
        links.append((reverse("support:referral_list"), _("Referrals")))
    if has_right(user, Right.VIEW_AUDIT_LOG):
        links.append((reverse("audit:list"), _("Audit log")))
    return links
