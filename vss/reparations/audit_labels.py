"""The wordings of the labels reparations writes into the audit log (vss.audit.labels)."""

from django.utils.translation import gettext_noop

# Translators: an audit log label; the value is a reparation project's reference.
PARTICIPANTS_OF = gettext_noop("Civil Parties taking part in %(project)s")
# Translators: audit log labels saying which page was read.
PROJECTS_LIST = gettext_noop("list of reparation projects")
# Translators: an audit log label; the value is the number of a donor organisation.
DONOR = gettext_noop("donor %(donor)s")

# Translators: an audit log label: the report of what each donor gave each project.
DONOR_FUNDING_REPORT = gettext_noop("report of funding per donor and project")

WORDINGS: tuple[str, ...] = (PARTICIPANTS_OF, PROJECTS_LIST, DONOR, DONOR_FUNDING_REPORT)

# Translators: an audit log label; the value is a case's number.
VIF_WISHES_BROUGHT_IN = gettext_noop("VIF wishes of case %(case)s brought in")
PROPOSALS_LIST = gettext_noop("list of reparation proposals")
# Translators: an audit log label; the value is a theme's number.
THEME_PROPOSALS = gettext_noop("proposals of theme %(theme)s")
# Translators: an audit log label; the value is a project's reference.
PROJECT_PROPOSALS = gettext_noop("proposals answered by project %(project)s")

WORDINGS += (VIF_WISHES_BROUGHT_IN, PROPOSALS_LIST, THEME_PROPOSALS, PROJECT_PROPOSALS)
