import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, new_values
from vss.policy import Right

from .models import DEMO_CASE_NUMBER, Case

KEY_DATES = [
    "investigation_closed_on",
    "closing_order_on",
    "trial_judgment_on",
    "appeal_judgment_on",
]


@transaction.atomic
def case_set_key_dates(
    *,
    actor: User,
    case: Case,
    dates: dict[str, datetime.date | None],
    is_terminated: bool | None = None,
    expected_version: int | None = None,
) -> Case:
    """Record a case's milestones. The notice that the investigation has ended starts the
    15 days in which Civil Party applications may still be filed. Only the dates given
    change (a date to clear is given as None); `is_terminated` None keeps the flag."""
    policy.require_right(actor, Right.MANAGE_CASES)
    case = Case.objects.select_for_update().get(pk=case.pk)
    values: dict[str, object] = {name: dates[name] for name in KEY_DATES if name in dates}
    if is_terminated is not None:
        values["is_terminated"] = is_terminated
    after: list[datetime.date | None] = [
        dates[name] if name in dates else getattr(case, name) for name in KEY_DATES
    ]
    ordered = [d for d in after if d is not None]
    if ordered != sorted(ordered):
        raise ValidationError(
            _("The dates must follow one another in the order of the proceedings.")
        )
    audited_update(
        case, actor=actor, values=values, label=case.number, expected_version=expected_version
    )
    return case


DEMO_CASE_TITLE = gettext_noop(
    "Not a case of the court: for trying VSS out. It takes applications whatever the day, "
    "as its notice of the end of the investigation moves to the day the demo is served."
)


@transaction.atomic
def case_open_demo(*, today: datetime.date) -> Case:
    """The demo case, made if there is none, open for applications on `today`: its notice
    of the end of the investigation moves to `today`, so its deadline lies the Rule 23bis
    days ahead and a VIF received today is on time, whenever the demo data was made.
    Only the demo case is touched. A later key date that would now come before the notice
    (one recorded on the Cases page, to try Rule 23ter) is cleared, so that the dates keep
    the order of the proceedings. Audited with the system as the actor. The production
    settings refuse it: a demo case has no place among real records."""
    # Unset under override_settings (a live server in the tests): not production.
    if (settings.SETTINGS_MODULE or "").endswith(".production"):
        raise ImproperlyConfigured("A demo case has no place in production.")
    case = Case.objects.select_for_update().filter(is_demo=True).first()
    if case is None:
        if Case.objects.filter(number=DEMO_CASE_NUMBER).exists():
            raise ValidationError(
                f"Case {DEMO_CASE_NUMBER} is a real case: the demo case cannot take its number."
            )
        titles = {}
        for language in ("en", "km", "fr"):
            with translation.override(language):
                titles[language] = gettext(DEMO_CASE_TITLE)
        made = {
            "number": DEMO_CASE_NUMBER,
            "title": titles["en"],
            "title_km": titles["km"],
            "title_fr": titles["fr"],
            "is_demo": True,
            "investigation_closed_on": today,
        }
        case = Case.objects.create(**made)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=case,
            label=case.number,
            changes=new_values({**made, "investigation_closed_on": today.isoformat()}),
        )
        return case
    values: dict[str, object] = {"investigation_closed_on": today}
    for name in KEY_DATES[1:]:
        later = getattr(case, name)
        if later is not None and later < today:
            values[name] = None
    audited_update(case, actor=None, values=values, label=case.number)
    return case
