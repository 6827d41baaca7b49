"""What the portal adds to the apps below it, registered from its AppConfig.ready(): its
record types in the audit log and its entries in the staff menu. Each part of the portal
registers its own from a function below."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right

from . import audit_labels


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


def register() -> None:
    register_site()
