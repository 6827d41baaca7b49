from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "vss.people"
    label = "people"

    def ready(self) -> None:
        from vss.audit.registry import register_identity_masking, register_record_types

        from .selectors import PERSON_IDENTITY_FIELDS, protected_people_among

        register_record_types(20, ("people.person", _("Person")), ("people.kinship", _("Kinship")))
        register_identity_masking(
            "people.person", fields=PERSON_IDENTITY_FIELDS, protected_ids=protected_people_among
        )
