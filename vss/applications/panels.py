"""The panels other apps add to an application's page (see vss.core.panels)."""

from vss.core.panels import PanelRegistry

from .models import Application

application_panels: PanelRegistry[Application] = PanelRegistry()
