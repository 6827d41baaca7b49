"""One run of the demo data: every registered step prepares, then writes, in order, in one
transaction; one audit entry records the run. The run is returned with its steps, which
keep what they drew beyond the rows (who filed twice, for a test to check the matcher)."""

from __future__ import annotations

import time

from django.db import transaction

from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.core.demo.steps import DemoRun, Options, demo_steps

from . import DEMO_PASSWORD


def demo_data_generate(*, options: Options) -> DemoRun:
    with transaction.atomic():
        run = DemoRun(options, password=DEMO_PASSWORD)
        run.steps = [step(run) for step in demo_steps.in_order()]
        for step in run.steps:
            step.prepare()
        writer = run.writer
        suspended = writer.suspend_checks()
        try:
            for step in run.steps:
                t0 = time.monotonic()
                step.write()
                rows = writer.flush()
                if rows:
                    now = time.monotonic()
                    run.progress(
                        f"  {step.label}: {rows:,} rows "
                        f"(built in {now - t0:.1f} s; total {now - run.started:.1f} s)"
                    )
        finally:
            writer.finish()
        if suspended:
            t0 = time.monotonic()
            writer.restore_checks(suspended)
            run.progress(
                f"  indexes built and foreign keys checked in {time.monotonic() - t0:.1f} s"
            )
        writer.reset_sequences()
        writer.analyze()
        result = run.result
        result.rows = {t.name: t.written for t in writer.tables}
        result.seconds = time.monotonic() - run.started
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="demo_data",
            object_id=str(options.seed),
            changes={
                "applicants": {"old": None, "new": result.applicants},
                "applications": {"old": None, "new": result.applications},
                "seed": {"old": None, "new": options.seed},
                "rows": {"old": None, "new": result.rows},
            },
        )
    return run
