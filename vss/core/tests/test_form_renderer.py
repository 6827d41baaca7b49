"""The widgets VSS writes in Python give Django's markup, character for character."""

import datetime
import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import vss
from vss.core.form_renderer import WRITTEN_IN_PYTHON, FormRenderer
from vss.core.forms import RecordChoiceField, RecordMultipleChoiceField

DJANGO = DjangoTemplates()
OURS = FormRenderer()


def both(widget: forms.Widget, value: object, attrs: dict | None = None) -> tuple[str, str]:
    return (
        widget.render("field", value, attrs=attrs, renderer=DJANGO),
        widget.render("field", value, attrs=attrs, renderer=OURS),
    )


def python_written(widget: forms.Widget, value: object) -> bool:
    context = widget.get_context("field", value, None)
    return (
        WRITTEN_IN_PYTHON.get(widget.template_name, lambda _w: None)(context["widget"]) is not None
    )


TRICKY_CHOICES = [
    ("", _("Any")),
    (1, "one"),
    ("a&b", 'quotes " and <tags>'),
    (Decimal("2.50"), mark_safe("<b>safe</b>")),
    (
        _("A group"),
        [("g1", "first"), ("g2", _("Case"))],
    ),
    (None, "none"),
    (True, "yes"),
]


SELECTS = [
    forms.Select(choices=TRICKY_CHOICES),
    forms.Select(choices=TRICKY_CHOICES, attrs={"required": True, "hidden": False}),
    forms.SelectMultiple(choices=TRICKY_CHOICES),
    forms.NullBooleanSelect(),
]
SELECTED = [None, "", 1, "a&b", True, "2.50"]


@pytest.mark.parametrize(
    ("widget", "value"),
    [(widget, value) for widget in SELECTS for value in SELECTED]
    + [(SELECTS[2], ["g1", "a&b"]), (SELECTS[2], [])],
)
@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_selects_are_written_as_django_writes_them(widget, value, language):
    with translation.override(language):
        django_markup, our_markup = both(widget, value, attrs={"id": "id_field", "data-x": "<"})
        assert python_written(widget, value)
    assert our_markup == django_markup


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(attrs={"placeholder": 'say "hi" & <go>', "autofocus": True}),
        forms.NumberInput(attrs={"min": 0, "step": Decimal("0.01")}),
        forms.EmailInput(),
        forms.DateInput(attrs={"type": "date"}),
        forms.TimeInput(),
        forms.HiddenInput(),
        forms.PasswordInput(render_value=True),
        forms.CheckboxInput(),
        forms.URLInput(),
        forms.FileInput(),
    ],
)
@pytest.mark.parametrize(
    "value",
    [None, "", 'text <b> & "q"', 0, 1234567, Decimal("1234.5"), datetime.date(2026, 12, 6), True],
)
@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_inputs_are_written_as_django_writes_them(widget, value, language, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override(language):
        django_markup, our_markup = both(widget, value, attrs={"id": "id_field"})
        assert python_written(widget, value)
    assert our_markup == django_markup


def test_an_option_with_a_template_of_its_own_goes_through_the_template():
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Starred(choices=[("a", "A")])
    assert not python_written(widget, "a")
    assert widget.render("field", "a", renderer=OURS) == widget.render(
        "field", "a", renderer=DJANGO
    )


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(vss.__path__, "vss."):
        leaf = module.name.rsplit(".", 1)[-1]
        if ".tests" not in module.name and ("forms" in leaf or ".forms." in module.name):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("vss."):
                found.append(sub)
    return found


@pytest.mark.django_db
def test_every_widget_of_the_project_renders_alike(django_db_setup):
    project_forms = _project_forms()
    assert len(project_forms) > 50
    rendered = 0
    for form_class in project_forms:
        for name, field in form_class.base_fields.items():
            widget = field.widget
            if widget.template_name not in WRITTEN_IN_PYTHON:
                continue
            if getattr(field, "queryset", True) is None:  # the form's __init__ gives it
                continue
            # As the bound field gives it: a callable initial is called first.
            initial = field.initial() if callable(field.initial) else field.initial
            for value in (None, initial, "1"):
                django_markup, our_markup = both(widget, value)
                assert our_markup == django_markup, f"{form_class.__name__}.{name}"
                rendered += 1
    assert rendered > 300


def test_every_choice_of_records_is_read_in_one_query():
    plain = []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, RecordChoiceField | RecordMultipleChoiceField
            ):
                plain.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert plain == []


@pytest.mark.django_db
def test_a_choice_of_records_offers_what_django_offers(django_assert_num_queries):
    from vss.geo.models import Province

    for code in ("01", "02", "03"):
        Province.objects.create(code=code, name_en=f"Province {code}", name_km=f"ខេត្ត {code}")
    ours = RecordChoiceField(queryset=Province.objects.order_by("code"), empty_label="Any")
    theirs = forms.ModelChoiceField(queryset=Province.objects.order_by("code"), empty_label="Any")
    with django_assert_num_queries(1):
        offered = [(str(value), label) for value, label in ours.choices]
    assert offered == [(str(value), label) for value, label in theirs.choices]
    assert len(offered) == 4
    several = RecordMultipleChoiceField(queryset=Province.objects.order_by("code"))
    with django_assert_num_queries(1):
        assert [label for _value, label in several.choices] == [
            "Province 01",
            "Province 02",
            "Province 03",
        ]
