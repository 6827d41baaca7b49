"""An outreach officer refers a Civil Party to TPO for testimonial therapy and logs a
call; TPO holds the sessions and the ceremony; the health content stays with TPO, out of
the officer's and the Civil Party's lawyer's sight."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.support.models import Consent, Contact, Referral, ReferralStatus, ServiceType
from vss.testing.browser import log_in, log_out
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ConsentFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
)
from vss.testing.personas import lawyer_persona, persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION_OUTCOMES = [
    "Told of the evacuation of Phnom Penh",
    "Wrote the testimony with the counsellor",
]
HEALTH_NOTE = "Sleeps badly since the hearing; nightmares twice a week."
CLOSURE_REASON = "Therapy completed after the ceremony; sleep improving."
PARTNER_VISIT = "Home visit by TPO before the ceremony."
# The assertions read English text; the browser itself asks for Khmer.
ENGLISH = "en"
KIND_LABELS = {"session": "Session", "ceremony": "Public testimony ceremony"}


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _shown(day: datetime.date) -> str:
    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


def test_referral_to_testimonial_therapy_and_contact_log(page):
    today = timezone.localdate()
    outreach = persona(Role.OUTREACH)
    tpo_user = persona(Role.PARTNER, "TPO")
    kdei_user = persona(Role.PARTNER, "Kdei Karuna")
    lawyer = lawyer_persona()
    case = CaseFactory(number="002/02")
    client = PersonFactory(
        family_name_km="មាស",
        given_name_km="សុផល",
        family_name_latin="MEAS",
        given_name_latin="Sophal",
    )
    RepresentationFactory(
        lawyer=lawyer.lawyer,
        application=ApplicationFactory(
            form=VifFactory(applicant=client), case=case, status=Status.ADMITTED
        ),
    )
    # Another person, referred to another partner: TPO must not see them.
    elsewhere = ReferralFactory(
        consent=ConsentFactory(
            person=PersonFactory(family_name_latin="KEO", given_name_latin="Sarin")
        ),
        partner=kdei_user.organisation,
    )

    # --- 1. The outreach officer refers the Civil Party and logs a call --------------------
    log_in(page, Role.OUTREACH, language=ENGLISH)
    page.goto(f"/people/{client.pk}/")
    page.click(f"#support a[href='/support/people/{client.pk}/refer/']")
    page.wait_for_url(f"**/support/people/{client.pk}/refer/")
    page.select_option("select[name=partner]", str(tpo_user.organisation_id))
    page.select_option("select[name=service]", ServiceType.TESTIMONIAL_THERAPY)
    page.fill("input[name=referred_on]", _iso(today - datetime.timedelta(days=20)))
    page.fill("textarea[name=reason]", "Asked at the Kampong Cham forum to give testimony.")
    page.check("input[name=consent][value=new]")
    page.fill("input[name=given_by]", "MEAS Sophal, in person")
    page.fill("input[name=given_on]", _iso(today - datetime.timedelta(days=21)))
    page.fill(
        "textarea[name=covers]",
        "Testimonial therapy with TPO; sharing name, village and phone with TPO",
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/support/referrals/\d+/$"))
    assert "Referral recorded." in page.locator("main").inner_text()
    referral = Referral.objects.exclude(pk=elsewhere.pk).get()
    assert referral.person_id == client.pk
    assert referral.partner_id == tpo_user.organisation_id
    consent = Consent.objects.get(person=client)
    assert referral.consent_id == consent.pk
    assert consent.given_by == "MEAS Sophal, in person"
    assert consent.given_on == today - datetime.timedelta(days=21)
    assert consent.recorded_by == outreach
    details = page.locator("main dl").inner_text()
    assert "by MEAS Sophal, in person" in details
    assert "sharing name, village and phone with TPO" in details

    page.click(f"main a[href='/people/{client.pk}/']")
    page.wait_for_url(f"**/people/{client.pk}/")
    assert page.locator(f"#support a[href='/support/referrals/{referral.pk}/']").count() == 1
    assert "Testimonial therapy with TPO" in page.locator("#support").inner_text()
    # Proves the contact is added by HTMX: a full page load would wipe this marker.
    page.evaluate("window.stillTheSamePage = true")
    form = page.locator("#contacts form")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("textarea[name=summary]").fill("Called to confirm the first TPO session.")
    form.locator("input[name=follow_up_on]").fill(_iso(today + datetime.timedelta(days=1)))
    form.locator("button[type=submit]").click()
    page.locator("#contacts p.messages.success").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    rows = page.locator("#contacts tbody tr")
    assert rows.count() == 1
    assert "Called to confirm the first TPO session." in rows.first.inner_text()
    assert "outreach" in rows.first.inner_text()
    # The form came back fresh, ready for the next contact.
    assert page.locator("#contacts textarea[name=summary]").input_value() == ""
    contact = Contact.objects.get(person=client)
    assert contact.follow_up_user == outreach
    assert contact.follow_up_on == today + datetime.timedelta(days=1)

    page.click("header a.brand")
    page.wait_for_url("**/")
    follow_up = page.locator(f"#follow-ups li#follow-up-{contact.pk}")
    assert "MEAS Sophal" in follow_up.inner_text()
    assert f"due {_shown(today + datetime.timedelta(days=1))}" in follow_up.inner_text()
    follow_up.locator("button[type=submit]").click()
    follow_up.wait_for(state="detached")
    assert page.locator("#follow-ups li").count() == 0
    contact.refresh_from_db()
    assert contact.follow_up_done_at is not None
    page.reload()
    assert page.locator(f"#follow-up-{contact.pk}").count() == 0
    log_out(page)

    # --- 2. TPO holds the sessions and the ceremony, then closes the referral --------------
    log_in(page, tpo_user.username, language=ENGLISH)
    page.goto("/support/referrals/")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 1
    assert "MEAS Sophal" in rows.first.inner_text()
    assert "KEO Sarin" not in page.content()
    rows.first.locator(f"a[href='/support/referrals/{referral.pk}/']").click()
    page.wait_for_url(f"**/support/referrals/{referral.pk}/")

    held = [
        ("session", today - datetime.timedelta(days=14), SESSION_OUTCOMES[0]),
        ("session", today - datetime.timedelta(days=7), SESSION_OUTCOMES[1]),
        ("ceremony", today - datetime.timedelta(days=2), ""),
    ]
    for kind, day, outcome in held:
        form = page.locator(f"form[action='/support/referrals/{referral.pk}/sessions/']")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[name=held_on]").fill(_iso(day))
        assert form.locator("input[name=attended]").is_checked()
        form.locator("textarea[name=outcome]").fill(outcome)
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**/support/referrals/{referral.pk}/")
        assert "Session recorded." in page.locator("main").inner_text()
    # After the ceremony the therapy takes no more sessions.
    assert page.locator(f"form[action='/support/referrals/{referral.pk}/sessions/']").count() == 0
    assert page.locator("p.progress").inner_text() == (
        f"2 sessions held · public testimony ceremony held on {_shown(held[2][1])}"
    )

    page.fill("textarea[name=text]", HEALTH_NOTE)
    page.click(f"form[action='/support/referrals/{referral.pk}/notes/'] button[type=submit]")
    page.wait_for_url(f"**/support/referrals/{referral.pk}/")
    assert HEALTH_NOTE in page.locator("ul.notes").inner_text()

    close = page.locator(f"form[action='/support/referrals/{referral.pk}/close/']")
    assert close.locator("input[name=without_ceremony]").count() == 0
    close.locator("textarea[name=reason]").fill(CLOSURE_REASON)
    close.locator("button[type=submit]").click()
    page.wait_for_url(f"**/support/referrals/{referral.pk}/")
    main = page.locator("main").inner_text()
    assert "Referral closed." in main
    assert CLOSURE_REASON in main
    assert all(outcome in main for outcome in SESSION_OUTCOMES)
    assert page.locator("p.progress").inner_text().startswith("2 sessions held")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.closure_reason == CLOSURE_REASON

    # TPO logs its own visit: the lawyer will not read it (partners' entries touch on health).
    page.click(f"main a[href='/people/{client.pk}/']")
    page.wait_for_url(f"**/people/{client.pk}/")
    form = page.locator("#contacts form")
    form.locator("select[name=channel]").select_option("visit")
    form.locator("input[name=happened_on]").fill(_iso(today - datetime.timedelta(days=3)))
    form.locator("textarea[name=summary]").fill(PARTNER_VISIT)
    form.locator("button[type=submit]").click()
    page.locator("#contacts p.messages.success").wait_for()
    logged = page.locator("#contacts tbody").inner_text()
    assert PARTNER_VISIT in logged
    assert "Called to confirm the first TPO session." in logged
    log_out(page)

    # --- 3. The outreach officer sees the dates and attendance, no health content ---------
    log_in(page, Role.OUTREACH, language=ENGLISH)
    page.goto(f"/support/referrals/{referral.pk}/")
    sessions = page.locator("main table tbody tr")
    assert sessions.count() == 3
    for row, (kind, day, _outcome) in zip(sessions.all(), held, strict=True):
        cells = row.locator("td").all_inner_texts()
        # Held on, kind, attended, by: no outcome column.
        assert cells == [_shown(day), KIND_LABELS[kind], "yes", tpo_user.username]
    assert page.locator("main table thead").inner_text().count("Outcome") == 0
    assert page.locator("p.progress").inner_text().startswith("2 sessions held")
    assert page.locator("main dl").inner_text().count(f"{_shown(today)} · {tpo_user.username}") == 1
    for secret in [*SESSION_OUTCOMES, HEALTH_NOTE, CLOSURE_REASON]:
        assert secret not in page.content()
    assert page.locator("ul.notes").count() == 0
    log_out(page)

    # --- 4. The lawyer reads the staff entries of the client's log, nothing of health -----
    log_in(page, "lawyer", language=ENGLISH)
    page.goto(f"/people/{client.pk}/")
    logged = page.locator("#contacts tbody").inner_text()
    assert "Called to confirm the first TPO session." in logged
    assert PARTNER_VISIT not in page.content()
    assert page.locator("#contacts tbody tr").count() == 1
    assert page.locator("#support").count() == 0
    for secret in [*SESSION_OUTCOMES, HEALTH_NOTE, CLOSURE_REASON]:
        assert secret not in page.content()
    response = page.goto(f"/support/referrals/{referral.pk}/")
    assert response.status == 403
    assert HEALTH_NOTE not in page.content()
