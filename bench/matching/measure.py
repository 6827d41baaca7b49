"""Wall time and peak memory of a command, the same way for every tool of the benchmark.

The command runs under GNU time (`/usr/bin/time -v`, Debian's `time` package) when it is
installed: its "Maximum resident set size" is the peak RSS of the command's largest
process (the largest of the process and its waited-for children). Without GNU time the
peak comes from getrusage(RUSAGE_CHILDREN) of a fresh helper process that runs the
command, which measures the same thing. Wall time is measured around the command here,
so it includes interpreter start-up and imports, as a user would see it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GNU_TIME = "/usr/bin/time"

# Runs argv[1:] and prints its children's peak RSS (kB on Linux) to stderr as the last line.
_RUSAGE_HELPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "print('Maximum resident set size (kbytes): %d'"
    " % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def have_gnu_time() -> bool:
    if not (os.path.exists(GNU_TIME) and os.access(GNU_TIME, os.X_OK)):
        return False
    probe = subprocess.run(
        [GNU_TIME, "-v", "true"], capture_output=True, text=True, check=False
    ).stderr
    return "Maximum resident set size" in probe


def run_measured(
    cmd: list[str], log: Path | None = None, env: dict | None = None, cwd: str | None = None
) -> dict:
    """Run `cmd`; return exit code, wall seconds, peak MiB and how the peak was measured.

    The command's stdout and stderr go to `log` (or are inherited when None)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "time.txt"
        if have_gnu_time():
            wrapped = [GNU_TIME, "-v", "-o", str(report), *cmd]
            method = "GNU time -v (max RSS)"
        else:
            wrapped = [sys.executable, "-c", _RUSAGE_HELPER, *cmd]
            method = "getrusage(RUSAGE_CHILDREN).ru_maxrss"
        out = open(log, "w", encoding="utf-8") if log else None  # noqa: SIM115
        try:
            started = time.monotonic()
            proc = subprocess.run(
                wrapped,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                env=env,
                cwd=cwd,
                check=False,
            )
            wall = time.monotonic() - started
        finally:
            if out:
                out.close()
        text = report.read_text() if report.exists() else ""
        if not text and log and log.exists():
            text = log.read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)
        peak_kib = int(found[-1]) if found else 0
        if report.exists() and log:
            with open(log, "a", encoding="utf-8") as f:
                f.write("\n" + text)
    return {
        "exit_code": proc.returncode,
        "wall_seconds": wall,
        "peak_mib": peak_kib / 1024,
        "peak_method": method,
    }
