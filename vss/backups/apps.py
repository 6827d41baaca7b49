from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups of the database and the uploaded files, encrypted to the operator's key
    (`manage.py backup`, `restore`, `verify_backup`). It reads every table alike, through
    the database's own tools, and registers the backup as a record type of the audit log."""

    name = "vss.backups"
    label = "backups"

    def ready(self) -> None:
        from . import hooks

        hooks.register()
