"""What imports registers with the apps below it, from its AppConfig.ready(): the import
as a record type of the audit log (labelled by its reference, IMP-00012, so the log needs
no wording of it), its menu entry, and why a merge
leaves a report's likely duplicates as they were."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.people.merging import register_excluded_relation
from vss.policy import Right

from .models import LikelyDuplicate


def register() -> None:
    register_record_types(15, ("imports.importbatch", _("Import")))
    # What an import's entry names beyond its fields: the records it created, by kind.
    register_change_labels(
        "imports.importbatch",
        {
            "rows": _("rows"),
            "people": _("people"),
            "forms": _("victim information forms"),
            "applications": _("applications"),
        },
    )
    register_excluded_relation(
        LikelyDuplicate,
        "person",
        reason="A dry run's report names the record it found, as it was when the file was "
        "checked: a merge since does not rewrite what the report said.",
    )
    register_menu_entry(
        MenuEntry(
            "imports:home",
            _("Import forms"),
            45,
            visible=policy.holds_right(Right.IMPORT_APPLICATIONS),
        )
    )
