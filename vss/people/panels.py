"""The panels other apps add to a person's page (see vss.core.panels)."""

from vss.core.panels import PanelRegistry

from .models import Person

person_panels: PanelRegistry[Person] = PanelRegistry()
