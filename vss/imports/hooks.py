"""What imports registers with the apps below it, from its AppConfig.ready(): the import
as a record type of the audit log, its labels' wordings, and its menu entry."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right

from . import audit_labels


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    register_record_types(15, ("imports.importbatch", _("Import of forms")))
    register_change_labels(
        "imports.importbatch",
        {
            "rows": _("rows"),
            "people": _("people created"),
            "forms": _("forms created"),
            "applications": _("applications created"),
            "whole": _("whole report"),
            "shown": _("lines shown"),
        },
    )
    register_menu_entry(
        MenuEntry(
            "imports:home",
            _("Import forms"),
            45,
            visible=policy.holds_right(Right.IMPORT_APPLICATIONS),
        )
    )
