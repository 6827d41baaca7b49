#!/usr/bin/env python
"""Sends a job with `messages_send` and prints, every 30 seconds, the messages sent so
far, Python's memory (tracemalloc, current and peak) and the resident memory: for a send
too long to wait for on a shared machine, the rate and memory over the part measured.

    .venv/bin/python bench/outreach/send_watch.py JOB_ID
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
os.environ["VSS_SMS_LOG"] = str(Path(tempfile.mkdtemp(prefix="vss-bench-sms-")) / "sms.log")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from vss.outreach.models import SendJob  # noqa: E402
from vss.outreach.services import sending  # noqa: E402


def _resident_kb() -> dict[str, int]:
    with open("/proc/self/status") as status:
        return {
            line.split(":")[0]: int(line.split()[1])
            for line in status
            if line.startswith(("VmRSS", "VmHWM"))
        }


def _watch(job: int) -> None:
    started = time.perf_counter()
    while True:
        sent = SendJob.objects.get(pk=job).sent
        current, peak = tracemalloc.get_traced_memory()
        print(
            f"{time.perf_counter() - started:7.1f} s sent {sent:>9,} "
            f"tracemalloc {current / 2**20:.2f} MB, peak {peak / 2**20:.2f} MB, "
            f"resident {_resident_kb()}, load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        # The thread's own connection, closed so that it holds nothing between samples.
        connection.close()
        time.sleep(30)


def main() -> None:
    job = int(sys.argv[1])
    tracemalloc.start()
    threading.Thread(target=_watch, args=(job,), daemon=True).start()
    sending.messages_send(job)
    print("done", flush=True)


if __name__ == "__main__":
    main()
