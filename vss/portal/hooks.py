"""What the portal adds to the apps below it, registered from its AppConfig.ready(): its
record types in the audit log and its entries in the staff menu. Each part of the portal
registers its own from a function below (following an application: the receipt panel on
an application's page)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.panels import application_panels
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.policy import Right

from . import audit_labels
from .selectors.receipts import receipt_of


def register_site() -> None:
    register_label_wordings(*audit_labels.CONTENT_WORDINGS)
    register_record_types(126, ("portal.contentrevision", _("Public page text")))
    register_change_labels(
        "portal.contentrevision", {"replaces": _("the published text it replaced")}
    )
    register_menu_entry(
        MenuEntry(
            "portal:content_list",
            _("Public site"),
            126,
            visible=policy.holds_right(Right.EDIT_PUBLIC_CONTENT),
        )
    )


RECEIPT_PANEL = "portal.receipt"


def receipt_panel(user: User, application: Application) -> dict[str, Any]:
    return {"follow_receipt": receipt_of(application)}


def register_following() -> None:
    register_label_wordings(*audit_labels.FOLLOWING_WORDINGS)
    # A new code is written as changed, never as a value: not even its hash is shown.
    register_change_labels("portal.receipt", {"code": _("secret code")})
    register_record_types(125, ("portal.receipt", _("Receipt to follow an application")))
    application_panels.register(
        Panel(
            name=RECEIPT_PANEL,
            template="portal/receipts/_panel.html",
            order=90,
            shown=policy.can_issue_receipt,
            context=receipt_panel,
        )
    )


def register() -> None:
    register_site()
    register_following()
