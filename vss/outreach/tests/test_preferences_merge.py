"""Two records of one person merged: a stop asked under either holds for the person kept,
the record kept takes the folded one's way of being reached when it has none, and an
unmerge gives back what the merge changed (a rule of the merge: vss.people.merging)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.matching.services import persons_merge, persons_unmerge
from vss.outreach.models import ContactPreference
from vss.outreach.services.sending import reach_of
from vss.people import merging
from vss.testing.factories import ContactPreferenceFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_rule_keeps_the_relation_out_of_the_generic_move():
    [rule] = [r for r in merging.merge_rules() if r.model is ContactPreference]
    assert ("outreach.ContactPreference", "person") in merging.excluded_relations()
    assert ("outreach.ContactPreference", "person") not in {
        rows.relation for rows in merging.moved_rows()
    }
    assert rule.key == "contact_preference"


def test_a_stop_asked_under_the_record_folded_in_holds_for_the_person_kept(legal, client):
    kept = ContactPreferenceFactory.create()
    stopped_at = timezone.now()
    folded = ContactPreferenceFactory.create(stopped_at=stopped_at, stopped_how="link")
    merge = persons_merge(
        actor=legal, survivor=kept.person, merged=folded.person, reason="Same person"
    )
    kept.refresh_from_db()
    assert (kept.stopped_at, kept.stopped_how) == (stopped_at, "link")
    assert reach_of(kept.person, kept, news=False).why_not == "asked to stop receiving messages"
    client.force_login(legal)
    page = client.get(reverse("matching:merge_detail", args=[merge.pk]))
    assert "contact_preference: 1" in page.text

    persons_unmerge(actor=legal, merge=merge, reason="Two sisters")
    kept.refresh_from_db()
    assert kept.stopped_at is None
    folded.refresh_from_db()
    assert folded.stopped_at == stopped_at


def test_a_stop_asked_under_the_record_kept_stays(legal):
    kept = ContactPreferenceFactory.create(stopped_at=timezone.now())
    folded = ContactPreferenceFactory.create()
    merge = persons_merge(
        actor=legal, survivor=kept.person, merged=folded.person, reason="Same person"
    )
    persons_unmerge(actor=legal, merge=merge, reason="Two sisters")
    kept.refresh_from_db()
    assert kept.stopped_at is not None


def test_the_person_kept_takes_the_folded_records_way_when_it_has_none(legal):
    survivor = PersonFactory.create()
    folded = ContactPreferenceFactory.create(stopped_at=timezone.now())
    merge = persons_merge(actor=legal, survivor=survivor, merged=folded.person, reason="Same")
    folded.refresh_from_db()
    assert folded.person_id == survivor.pk
    persons_unmerge(actor=legal, merge=merge, reason="Two people")
    folded.refresh_from_db()
    assert folded.person_id == merge.merged_id


def test_a_resume_since_the_merge_is_not_undone_by_the_unmerge(legal):
    kept = ContactPreferenceFactory.create()
    folded = ContactPreferenceFactory.create(stopped_at=timezone.now())
    merge = persons_merge(
        actor=legal, survivor=kept.person, merged=folded.person, reason="Same person"
    )
    again = timezone.now()
    ContactPreference.objects.filter(pk=kept.pk).update(stopped_at=again)
    persons_unmerge(actor=legal, merge=merge, reason="Two sisters")
    kept.refresh_from_db()
    assert kept.stopped_at == again
