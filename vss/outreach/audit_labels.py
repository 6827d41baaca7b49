"""The wordings of outreach's audit labels: what a read or a send was, written in English
in the log and read back in the reader's language."""

from django.utils.translation import gettext_noop

# Translators: audit log labels saying which page was read.
FOCAL_PERSONS_LIST = gettext_noop("list of focal persons")
OVERDUE_RECEIPTS_LIST = gettext_noop("list of overdue signed receipt lists")
# Translators: an audit log label: a search for the Civil Party to appoint focal person.
CIVIL_PARTIES_FOR_FOCAL = gettext_noop("search for a Civil Party to appoint focal person")

# Translators: in the audit log, which focal persons a list showed: those who stepped down.
ARCHIVED_FOCAL_PERSONS = gettext_noop("archived")

FOCAL_WORDINGS: tuple[str, ...] = (
    FOCAL_PERSONS_LIST,
    ARCHIVED_FOCAL_PERSONS,
    OVERDUE_RECEIPTS_LIST,
    CIVIL_PARTIES_FOR_FOCAL,
)

EVENTS_LIST = gettext_noop("list of outreach events")
# Translators: an audit log label; the values are a case's number and a date.
COURT_DATE = gettext_noop("court date of case %(case)s on %(date)s")

# Translators: an audit log label: the report of each event with who was invited and came.
EVENTS_REPORT = gettext_noop("report of outreach events and attendance")

EVENTS_WORDINGS: tuple[str, ...] = (EVENTS_LIST, COURT_DATE, EVENTS_REPORT)

# Translators: an audit log label; the value is a person's record number.
MESSAGES_OF_PERSON = gettext_noop("messages sent to person %(person)s")
# Translators: an audit log label saying which page was read.
FAILED_MESSAGES = gettext_noop("messages that failed or bounced")

MESSAGES_WORDINGS: tuple[str, ...] = (MESSAGES_OF_PERSON, FAILED_MESSAGES)
# Translators: an audit log label; the value is the number of a send of messages.
SEND_FAILURES = gettext_noop("messages of send %(job)s that failed")

# Translators: an audit log label; the value is the number of a newsletter.
NEWSLETTER = gettext_noop("newsletter %(newsletter)s")
# Translators: an audit log label; the value is the number of a newsletter.
NEWSLETTER_REACH = gettext_noop("count of the readers of newsletter %(newsletter)s")

# Translators: an audit log label; the value is the number of a send of messages.
SEND = gettext_noop("send %(job)s")

SENDS_WORDINGS: tuple[str, ...] = (SEND_FAILURES, NEWSLETTER, NEWSLETTER_REACH, SEND)

# Translators: audit log labels of an event's logistics and day; the value is the event's
# record number (its title is typed text, which may name a protected person).
EVENT_NUMBER = gettext_noop("outreach event %(event)s")
ATTENDANCE_SHEET = gettext_noop("outreach event %(event)s: attendance sheet")
CHECK_IN_LIST = gettext_noop("outreach event %(event)s: list to check people in")
ATTENDANCE = gettext_noop("outreach event %(event)s: attendance")
LOGISTICS = gettext_noop("outreach event %(event)s: logistics")

DAY_WORDINGS: tuple[str, ...] = (
    EVENT_NUMBER,
    ATTENDANCE_SHEET,
    CHECK_IN_LIST,
    ATTENDANCE,
    LOGISTICS,
)
