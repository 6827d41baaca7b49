"""The sections of an event's page (who is invited and the draw, the logistics, the day
itself and its summary): each area of outreach registers its own from hooks.py, with the
policy check that decides whether a user sees it and the selector that gives its template
what it shows; the page draws those its user may see, in order."""

from vss.core.panels import PanelRegistry

from .models import Event

event_sections: PanelRegistry[Event] = PanelRegistry()
