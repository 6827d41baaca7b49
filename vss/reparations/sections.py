"""The sections of a project's page (its lifecycle, funding, implementation, the
proposals it answers): each area of the programme registers its own from hooks.py, with
the policy check that decides whether a user sees it and the selector that gives its
template what it shows; the page draws those its user may see, in order."""

from vss.core.panels import PanelRegistry

from .models import Project

project_sections: PanelRegistry[Project] = PanelRegistry()
