"""The demo data's own case: the demo case, for trying VSS out, open for applications on
the day the data is made (and, through `manage.py open_demo_case`, on the day it is served
again). It holds no generated application, so a walk through VSS starts it afresh."""

from __future__ import annotations

from vss.core.demo.steps import DemoStep

from .services import case_open_demo


class DemoCaseDemo(DemoStep):
    label = "demo case"

    def prepare(self) -> None:
        # A fixed row, no draw: made after the other steps have read the cases, so the
        # generated applications never go to it.
        case_open_demo(today=self.run.today)
