"""A field as the forms show it (_field.html): one control named by its label, a group of
choices named by the legend of its fieldset."""

from django import forms
from django.template.loader import render_to_string


class Choosing(forms.Form):
    kept = forms.ChoiceField(
        label="Keep the record of",
        choices=[("1", "SOK Theary"), ("2", "SOKH Teary")],
        widget=forms.RadioSelect,
    )
    members = forms.MultipleChoiceField(
        label="Members", choices=[("1", "One"), ("2", "Two")], widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="Reason")


def _shown(form: forms.Form, name: str) -> str:
    return render_to_string("_field.html", {"field": form[name]})


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend():
    form = Choosing()
    for name, label in (("kept", "Keep the record of"), ("members", "Members")):
        shown = _shown(form, name)
        assert shown.lstrip().startswith(f'<fieldset class="field field-{name}">'), shown
        assert f"<legend>{label}" in shown
        assert '<label for="">' not in shown
        assert "<p" not in shown  # a paragraph cannot hold the group's blocks


def test_one_control_is_named_by_its_label():
    shown = _shown(Choosing(), "reason")
    assert '<label for="id_reason">Reason' in shown and 'id="id_reason"' in shown


def test_an_unanswered_group_says_why_in_its_fieldset():
    shown = _shown(Choosing({"reason": "x"}), "kept")
    assert 'class="field field-kept invalid"' in shown
    assert 'role="alert"' in shown.split("</fieldset>")[0]
