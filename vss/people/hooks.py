"""What people registers with the apps below it, from its AppConfig.ready(): its record
types and the identity masking of persons in the audit log."""

from django.utils.translation import gettext_lazy as _

from vss.audit.labels import register_label_wordings
from vss.audit.registry import (
    register_change_labels,
    register_identity_masking,
    register_record_types,
    register_text_masking,
)

from . import audit_labels
from .selectors import (
    PERSON_IDENTITY_FIELDS,
    protected_people_among,
    texts_naming_protected_people,
)


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    # What the services write into the audit log's changes beyond the models' fields.
    register_change_labels(
        "people.person",
        {
            "aliases": _("other spellings"),
            "gave_back_to": _("given back to"),
            "merged_into": _("merged into"),
            "moved": _("moved"),
            "reason": _("reason"),
            "received_from": _("received from"),
            "separated_from": _("separated from"),
        },
    )
    register_record_types(20, ("people.person", _("Person")), ("people.kinship", _("Kinship")))
    register_identity_masking(
        "people.person", fields=PERSON_IDENTITY_FIELDS, protected_ids=protected_people_among
    )
    register_text_masking(texts_naming_protected_people)
