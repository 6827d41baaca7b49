"""Court dates: who records them, what the log keeps, an edit over a later save refused;
the announcement that reaches the Civil Parties of the case who agreed to news, each in
their language, and their lawyers, once per date as it stands; a moved date announced
again."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.notifications.models import Notification
from vss.outreach.models import CourtDate, CourtDateKind, Message, MessageStatus
from vss.outreach.services.calendar import (
    CourtDateData,
    court_date_announce,
    court_date_archive,
    court_date_create,
    court_date_update,
)
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ContactPreferenceFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db


def _civil_party(case, language="km", *, status=Status.ADMITTED, consents=True, phone="012 1"):
    person = PersonFactory.create(preferred_language=language, phone=phone)
    ApplicationFactory.create(form=VifFactory.create(applicant=person), case=case, status=status)
    ContactPreferenceFactory.create(person=person, consents_to_news=consents)
    return person


@pytest.fixture
def case_002():
    """Case 002, in which the Civil Parties applied, and its segment 002/02."""
    parent = CaseFactory.create(number="002", accepts_applications=True)
    segment = CaseFactory.create(number="002/02", parent=parent, accepts_applications=False)
    return parent, segment


def _hearing(case, **changes) -> CourtDateData:
    values = {
        "case": case,
        "kind": CourtDateKind.TRIAL_JUDGMENT,
        "starts_at": timezone.now() + datetime.timedelta(days=40),
        "title_km": "ការប្រកាសសាលក្រម",
        "title_en": "Pronouncement of the judgment",
        "title_fr": "Prononcé du jugement",
    }
    return CourtDateData(**(values | changes))


def _messages_to(person) -> list[Message]:
    return list(Message.objects.filter(person=person).order_by("pk"))


@pytest.mark.parametrize("persona", ["outreach", "legal", "chief"])
def test_outreach_legal_and_the_chief_record_court_dates(request, persona, case_002):
    user = request.getfixturevalue(persona)
    court_date = court_date_create(user=user, data=_hearing(case_002[1]), announce=False)
    entry = AuditEntry.objects.get(object_type="outreach.courtdate", action=AuditAction.CREATE)
    assert entry.object_id == str(court_date.pk)
    assert entry.changes["kind"]["new"] == CourtDateKind.TRIAL_JUDGMENT


@pytest.mark.parametrize("persona", ["intake", "reparations", "lawyer", "partner"])
def test_no_one_else_records_or_announces_one(request, persona, case_002, outreach):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        court_date_create(user=user, data=_hearing(case_002[1]))
    court_date = court_date_create(user=outreach, data=_hearing(case_002[1]), announce=False)
    with pytest.raises(PermissionDenied):
        court_date_announce(user=user, court_date=court_date)


def test_the_announcement_reaches_the_consenting_civil_parties_in_their_language(
    outreach, case_002
):
    parent, segment = case_002
    khmer = _civil_party(parent, "km")
    french = _civil_party(parent, "fr")
    provisional = _civil_party(parent, "en", status=Status.PROVISIONAL)
    no_consent = _civil_party(parent, "km", consents=False)
    rejected = _civil_party(parent, "km", status=Status.REJECTED)
    elsewhere = _civil_party(CaseFactory.create(number="004/01"), "km")
    court_date_create(user=outreach, data=_hearing(segment))

    queued = {m.person_id: m for m in Message.objects.filter(status=MessageStatus.QUEUED)}
    assert set(queued) == {khmer.pk, french.pk, provisional.pk}
    assert _messages_to(no_consent)[0].status == MessageStatus.SKIPPED
    assert _messages_to(rejected) == [] and _messages_to(elsewhere) == []
    with translation.override("km"):
        assert str(CourtDateKind.TRIAL_JUDGMENT.label) in queued[khmer.pk].body
        assert "ការប្រកាសសាលក្រម" in queued[khmer.pk].body
    with translation.override("fr"):
        assert str(CourtDateKind.TRIAL_JUDGMENT.label) in queued[french.pk].body
        assert "Prononcé du jugement" in queued[french.pk].body
    assert "Pronouncement of the judgment" in queued[provisional.pk].body
    # Each message carries the way to stop.
    assert all("/outreach/stop/" in m.body for m in queued.values())


def test_a_new_announcement_of_an_unchanged_date_sends_nothing_twice(outreach, case_002):
    parent, segment = case_002
    person = _civil_party(parent)
    court_date = court_date_create(user=outreach, data=_hearing(segment))
    assert court_date_announce(user=outreach, court_date=court_date) is None
    assert len(_messages_to(person)) == 1


def test_a_moved_date_is_announced_again_and_a_new_title_is_not(outreach, case_002):
    parent, segment = case_002
    person = _civil_party(parent, "en")
    court_date = court_date_create(user=outreach, data=_hearing(segment))
    court_date_update(
        user=outreach,
        court_date=court_date,
        data=_hearing(segment, starts_at=court_date.starts_at, title_en="Judgment"),
        version=0,
    )
    assert len(_messages_to(person)) == 1
    later = court_date.starts_at + datetime.timedelta(days=14)
    court_date_update(
        user=outreach, court_date=court_date, data=_hearing(segment, starts_at=later), version=1
    )
    first, second = _messages_to(person)
    assert "moved to" in second.body and "moved to" not in first.body
    assert second.idempotency_key != first.idempotency_key


def test_the_lawyers_of_the_civil_parties_are_told(outreach, case_002, lawyer):
    parent, segment = case_002
    person = _civil_party(parent)
    RepresentationFactory.create(
        application=person.applications.get(),
        lawyer=lawyer.lawyer,
        started_on=datetime.date.today(),
    )
    court_date_create(user=outreach, data=_hearing(segment))
    notice = Notification.objects.get(recipient=lawyer)
    assert notice.kind == "outreach.court_date"
    assert notice.params["case"] == "002/02"
    assert "002/02" in notice.message
    assert person.family_name_latin not in notice.message


def test_an_edit_over_a_later_save_is_refused(outreach, legal, case_002):
    court_date = court_date_create(user=outreach, data=_hearing(case_002[1]), announce=False)
    court_date_update(
        user=legal,
        court_date=court_date,
        data=_hearing(case_002[1], title_en="Judgment in Case 002/02"),
        version=0,
    )
    with pytest.raises(StaleEdit):
        court_date_update(
            user=outreach, court_date=court_date, data=_hearing(case_002[1]), version=0
        )


def test_an_archived_date_is_not_announced(outreach, case_002):
    court_date = court_date_create(user=outreach, data=_hearing(case_002[1]), announce=False)
    court_date_archive(user=outreach, court_date=court_date, reason="Entered twice")
    with pytest.raises(Exception, match="archived"):
        court_date_announce(user=outreach, court_date=court_date)
    assert CourtDate.objects.get().announced_at is None
