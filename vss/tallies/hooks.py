"""What the kept counts register with the apps below them, from their AppConfig.ready():
a count as a record type of the audit log, and its labels' wordings."""

from django.utils.translation import gettext_lazy as _

from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_record_types

from . import audit_labels


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    register_record_types(91, ("tallies.counting", _("Count of the figures")))
