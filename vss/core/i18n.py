"""Reference and demo records carry their names in each interface language (`name`,
`name_km`, `name_fr`): a page shows the one of the active language, and the English one
where that is blank."""

from django.utils.translation import get_language


def localized(record: object, field: str) -> str:
    """`record.<field>_<language>` for the active language when the record has it filled,
    else `record.<field>`."""
    language = (get_language() or "").split("-")[0]
    if language and language != "en":
        value = getattr(record, f"{field}_{language}", "")
        if value:
            return str(value)
    return str(getattr(record, field))
