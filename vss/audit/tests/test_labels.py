"""Labels written from a wording read back in the reader's language; any other label, a
reference, is shown as written."""

import html

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from vss.accounts.audit_labels import ENROLLED, NONE
from vss.audit import labels
from vss.audit.labels import audit_label, register_label_wordings, worded, worded_value
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.people.audit_labels import PEOPLE_PAIR, PERSON
from vss.representation.audit_labels import CLIENTS_LIST, CONFLICT, POWER_OF_ATTORNEY


def test_a_label_is_written_in_english_from_its_wording():
    assert audit_label(PEOPLE_PAIR, first=12, second=40) == "persons 12 and 40"


def test_a_wording_no_app_registered_is_refused_when_written():
    with pytest.raises(ImproperlyConfigured, match="not registered"):
        audit_label("pages read on a %(day)s")


def test_a_wording_needs_text():
    with pytest.raises(ImproperlyConfigured):
        register_label_wordings(" list ")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("km", "បុគ្គល 12 និង 40"), ("fr", "personnes 12 et 40"), ("en", "persons 12 and 40")],
)
def test_a_label_reads_in_the_readers_language_with_its_values_kept(language, expected):
    label = audit_label(PEOPLE_PAIR, first=12, second=40)
    with translation.override(language):
        assert worded(label) == expected


def test_the_longest_wording_reads_a_label_and_values_written_from_wordings_read_too():
    # "power of attorney: KEO for VSS-1" would also read as "… for …" with the lawyer
    # "power of attorney: KEO"; the longer wording is tried first.
    label = audit_label(POWER_OF_ATTORNEY, representation=audit_label(PERSON, person=7))
    with translation.override("fr"):
        assert worded(label) == "procuration : personne 7"
        assert worded(audit_label(PERSON, person=7)) == "personne 7"


def test_values_that_are_names_are_kept_as_written():
    label = audit_label(CONFLICT, lawyer="KEO Sokha", person=12)
    with translation.override("km"):
        assert worded(label) == "KEO Sokha / បុគ្គល 12"


@pytest.mark.parametrize("label", ["VSS-002-04031", "002/01", "KEO Sokha", "intake", ""])
def test_a_reference_is_shown_as_written(label):
    with translation.override("km"):
        assert worded(label) == label


def test_labels_written_before_their_wording_existed_read_the_same():
    # The log is never rewritten: entries from before the wordings ("list of clients",
    # "person 84") are read by them too.
    with translation.override("km"):
        assert worded("list of clients") == str(translation.gettext(CLIENTS_LIST))
        assert worded("person 84") == "បុគ្គល 84"


@pytest.mark.parametrize("language", ["km", "fr"])
def test_every_wording_the_apps_register_is_translated(language):
    with translation.override(language):
        untranslated = [w for w in labels._wordings if translation.gettext(w) == w]
    assert labels._wordings
    assert not untranslated, untranslated


def test_states_the_log_shows_in_a_change_read_in_the_readers_language(client, auditor, intake):
    # A second factor's state is a wording too, shown in a change "old → new".
    audit_record(
        actor=intake,
        action=AuditAction.UPDATE,
        obj=intake,
        changes={"second_factor": {"old": NONE, "new": ENROLLED}},
    )
    client.force_login(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    page = html.unescape(client.get(reverse("audit:list")).content.decode())
    with translation.override("km"):
        shown = f"{translation.gettext(NONE)} → {translation.gettext(ENROLLED)}"
    assert shown != "none → enrolled"
    assert shown in page


def test_a_value_someone_typed_is_never_read_as_a_wording_with_values():
    # A case's title that a wording with values would read as its own ("… / person …").
    title = "Not a case of the court / person 5 of the demo"
    with translation.override("km"):
        assert worded_value(title) == title
        assert worded_value(ENROLLED) == translation.gettext(ENROLLED) != ENROLLED
