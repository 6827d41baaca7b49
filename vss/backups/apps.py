from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups of the database and the uploaded files, encrypted to the operator's key
    (`manage.py backup`, `restore`, `verify_backup`). It registers nothing with the other
    apps: it reads every table alike, through the database's own tools."""

    name = "vss.backups"
    label = "backups"
