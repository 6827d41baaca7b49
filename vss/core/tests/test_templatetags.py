from django.template import engines
from django.utils import translation

from vss.applications.models import Application, Status
from vss.people.models import Ethnicity, Person, Sex


def render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load vss %}" + source).render(context)


def test_choice_label_is_the_display_value_in_the_active_language() -> None:
    person = Person(sex=Sex.FEMALE, ethnicity=Ethnicity.CHAM)
    for language in ("en", "km", "fr"):
        with translation.override(language):
            assert render('{{ p|choice_label:"sex" }}', p=person) == person.get_sex_display()
            assert (
                render('{{ p|choice_label:"ethnicity" }}', p=person)
                == person.get_ethnicity_display()
            )
    with translation.override("fr"):
        assert render('{{ p|choice_label:"sex" }}', p=person) == "Féminin"


def test_choice_label_of_a_value_outside_the_choices_is_the_value() -> None:
    application = Application(status="no-such-status")
    assert render('{{ a|choice_label:"status" }}', a=application) == "no-such-status"
    application.status = Status.ADMITTED
    assert render('{{ a|choice_label:"status" }}', a=application) == str(Status.ADMITTED.label)
