"""The shared partials that tell of a refusal: a form's errors (`_form_errors.html`) and the
messages of the base template, announced (role=alert) and focused when the page opens
(tabindex=-1 and autofocus), wherever on the page they are."""

from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from vss.core.templatetags.vss import any_refusal


class DatesForm(forms.Form):
    start = forms.DateField(label="From")
    end = forms.DateField(label="To")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def test_a_form_not_sent_or_without_errors_shows_no_box():
    assert render_to_string("_form_errors.html", {"form": DatesForm()}).strip() == ""
    sent = DatesForm({"start": "2024-01-01", "end": "2024-01-02"})
    assert sent.is_valid()
    assert render_to_string("_form_errors.html", {"form": sent}).strip() == ""


def test_each_field_s_error_is_listed_and_linked_to_its_field():
    form = DatesForm({"start": "not a date"})
    form.is_valid()

    html = render_to_string("_form_errors.html", {"form": form})

    assert '<div class="errors" role="alert" tabindex="-1" autofocus>' in html
    assert '<a href="#id_start">From: Enter a valid date.</a>' in html
    assert '<a href="#id_end">To: This field is required.</a>' in html


def test_a_hidden_field_s_error_is_told_as_the_form_s_own():
    form = DatesForm({"start": "2024-01-01", "end": "2024-01-02", "version": "x"})
    form.is_valid()

    html = render_to_string("_form_errors.html", {"form": form})

    assert "Enter a whole number." in html
    assert 'href="#id_version"' not in html


def test_a_formset_row_tells_only_its_own_errors_and_leaves_the_focus_to_its_form():
    form = DatesForm({"start": "not a date", "end": "2024-01-02"})
    form.is_valid()
    context = {"form": form, "in_formset": True}
    assert render_to_string("_form_errors.html", context).strip() == ""

    form.add_error(None, "The dates are in the wrong order.")
    html = render_to_string("_form_errors.html", context)

    assert 'role="alert"' in html and "The dates are in the wrong order." in html
    assert "autofocus" not in html
    assert "#id_start" not in html


def test_a_refusal_among_the_messages_is_one_to_announce_and_focus():
    done = Message(constants.SUCCESS, "Status changed.")
    warned = Message(constants.WARNING, "The lawyer is suspended.")
    refused = Message(constants.ERROR, "Choose a file.")

    assert not any_refusal([done, Message(constants.INFO, "Three new notifications.")])
    assert any_refusal([done, warned])
    assert any_refusal([refused])
