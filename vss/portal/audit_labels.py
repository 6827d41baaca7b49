"""The wordings of the portal's audit labels, written in English in the log and read back
in the reader's language."""

from django.utils.translation import gettext_noop

# Translators: an audit log label; the values are a page of the public site (its title,
# translated on its own) and a language code.
PAGE_TEXT = gettext_noop("public page %(page)s in %(language)s")

# The pages' titles as the log writes them (the models' choices, in English), each read
# back in the reader's language.
PAGE_TITLES: dict[str, str] = {
    "home": gettext_noop("Home"),
    "rights": gettext_noop("Your rights as a victim"),
    "participating": gettext_noop("Complainant or Civil Party"),
    "applying": gettext_noop("How to apply and what happens next"),
    "lawyers-and-support": gettext_noop("Lawyers and psychosocial support"),
    "reparations": gettext_noop("Reparations and non-judicial measures"),
    "newsletter": gettext_noop("The newsletter"),
    "events": gettext_noop("Events"),
    "contact": gettext_noop("How to contact the Section"),
}

CONTENT_WORDINGS: tuple[str, ...] = (PAGE_TEXT, *PAGE_TITLES.values())

# Translators: an audit log label; the value is a VSS number. Someone not signed in read
# the application's status by typing its receipt's reference, code and year of birth.
FOLLOWED = gettext_noop("%(application)s: status read with its receipt")

FOLLOWING_WORDINGS: tuple[str, ...] = (FOLLOWED,)
