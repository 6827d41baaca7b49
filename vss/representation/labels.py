"""The names that recur on the list of lawyers, typed in English (by the demo, and by
officers following its example): bar associations, working languages and legal teams.
Each known one is shown in the reader's language; anything else is shown as it was typed.
Keeping them as typed, rather than as codes, lets a lawyer of any bar be listed."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

BARS: dict[str, Promise] = {
    "Bar Association of the Kingdom of Cambodia": pgettext_lazy(
        "bar association", "Bar Association of the Kingdom of Cambodia"
    ),
    "Paris Bar": pgettext_lazy("bar association", "Paris Bar"),
    "Lyon Bar": pgettext_lazy("bar association", "Lyon Bar"),
    "Bordeaux Bar": pgettext_lazy("bar association", "Bordeaux Bar"),
    "New York State Bar": pgettext_lazy("bar association", "New York State Bar"),
    "Bar of England and Wales": pgettext_lazy("bar association", "Bar of England and Wales"),
    "Netherlands Bar (The Hague)": pgettext_lazy("bar association", "Netherlands Bar (The Hague)"),
    "Brussels Bar": pgettext_lazy("bar association", "Brussels Bar"),
    "Geneva Bar": pgettext_lazy("bar association", "Geneva Bar"),
    "Barreau du Québec": pgettext_lazy("bar association", "Barreau du Québec"),
}

LANGUAGES: dict[str, Promise] = {
    "Khmer": pgettext_lazy("working language", "Khmer"),
    "English": pgettext_lazy("working language", "English"),
    "French": pgettext_lazy("working language", "French"),
    "Spanish": pgettext_lazy("working language", "Spanish"),
    "Dutch": pgettext_lazy("working language", "Dutch"),
    "German": pgettext_lazy("working language", "German"),
}

LEGAL_TEAMS: dict[str, Promise] = {
    "Cambodian Defenders Project": pgettext_lazy("legal team", "Cambodian Defenders Project"),
    "Legal Aid of Cambodia": pgettext_lazy("legal team", "Legal Aid of Cambodia"),
    "Avocats Sans Frontières": pgettext_lazy("legal team", "Avocats Sans Frontières"),
    "ADHOC Legal Unit": pgettext_lazy("legal team", "ADHOC Legal Unit"),
    "Cambodian Human Rights Action Committee": pgettext_lazy(
        "legal team", "Cambodian Human Rights Action Committee"
    ),
    "Khmer Kampuchea Krom Legal Team": pgettext_lazy(
        "legal team", "Khmer Kampuchea Krom Legal Team"
    ),
    "Civil Party Lead Co-Lawyers Section": pgettext_lazy(
        "legal team", "Civil Party Lead Co-Lawyers Section"
    ),
}


def bar_label(bar: str) -> str:
    return str(BARS.get(bar.strip(), bar))


def team_label(team: str) -> str:
    return str(LEGAL_TEAMS.get(team.strip(), team))


def languages_label(languages: str) -> str:
    """ "Khmer, French" in the reader's language, each known language translated."""
    parts = [part.strip() for part in languages.split(",") if part.strip()]
    return ", ".join(str(LANGUAGES.get(part, part)) for part in parts)
