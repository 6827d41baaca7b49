"""What backups register with the apps below them, from their AppConfig.ready(): a backup
as a record type of the audit log (made, and restored), and the names of what its entries
say."""

from django.utils.translation import gettext_lazy as _

from vss.audit.registry import register_change_labels, register_record_types

from .services import BACKUP_RECORD


def register() -> None:
    register_record_types(92, (BACKUP_RECORD, _("Backup")))
    register_change_labels(
        BACKUP_RECORD,
        {
            "operator": _("run by (server account)"),
            "encrypted_to": _("keys it is encrypted to"),
            "files": _("uploaded files"),
            "backup_made_at": _("backup made"),
            "replaced": _("replaced what the database held"),
        },
    )
