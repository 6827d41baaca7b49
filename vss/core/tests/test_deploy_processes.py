"""The deployment of docs/deployment.md, run for real: two application servers (gunicorn,
production settings, behind a proxy that says HTTPS, static files collected) and two
database workers (`manage.py db_worker`), each its own process, on one PostgreSQL.

- Two people editing one record through the two servers: the second save is refused with
  the version message, and the first is kept.
- Many jobs shared by both workers: each runs exactly once.
- A worker killed part-way through a job: `resume_jobs` hands the job to the other
  worker, and it finishes once.

The same with the queue in Redis (VSS_TASKS_BACKEND=rq): two RQ workers, each job run
once, and a job whose worker was killed queued again once RQ finds it abandoned.

PostgreSQL only: the processes must see the test's database, which an SQLite file of
pytest's does not give them with its locking."""

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
import rq.registry
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings
from django_tasks import TaskResult, TaskResultStatus

from vss.accounts.models import Role
from vss.core import workers
from vss.outreach.models import CourtDate
from vss.testing.constants import TEST_REDIS_URL
from vss.testing.factories import CourtDateFactory, UserFactory

from .deploy_tasks import TABLE, record_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the servers and workers share the test's database: PostgreSQL only",
    ),
]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PASSWORD = "deploy-test-password"
SECTION_CONTACT = {
    "VSS_SECTION_ADDRESS": "National Road 4, Chaom Chau, Phnom Penh",
    "VSS_SECTION_PHONE": "+855 23 219 814",
}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
# Short, so the test waits seconds for what production waits minutes.
BEAT_SECONDS = 0.5
SILENT_SECONDS = 2.0


# --- the processes ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(work: Path, backend: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VSS_"))}
    return {
        **kept,
        **SECTION_CONTACT,
        "DJANGO_SETTINGS_MODULE": "vss.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "VSS_BEHIND_PROXY": "1",
        "VSS_STATIC_ROOT": str(work / "static"),
        "VSS_MEDIA_ROOT": str(work / "media"),
        "VSS_SMS_LOG": str(work / "sms.log"),
        "VSS_TASKS_BACKEND": backend,
        "VSS_REDIS_URL": TEST_REDIS_URL,
        "VSS_WORKER_BEAT_SECONDS": str(BEAT_SECONDS),
        # The client speaks plain HTTP to the servers, as the proxy does: the cookies it
        # must send back are not marked for HTTPS alone.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }


class Cluster:
    def __init__(self, work: Path, backend: str) -> None:
        self.backend = backend
        self.env = _environment(work, backend)
        self.logs = work
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: list[int] = []
        # Unique: RQ refuses a worker named as one it still counts alive.
        self.workers = [f"worker-{side}-{secrets.token_hex(4)}" for side in "ab"]

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def start(self, name: str, command: list[str]) -> None:
        # A session of its own: the process and whatever it forks end together.
        log = (self.logs / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_server(self, name: str) -> None:
        port = _free_port()
        self.ports.append(port)
        self.start(
            name,
            [str(BIN / "gunicorn"), "vss.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "2", "--graceful-timeout", "2"],
        )  # fmt: skip

    def start_worker(self, name: str) -> None:
        if self.backend == "rq":
            command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job", "--name", name]
        else:
            command = ["db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay",
                       "--worker-id", name]  # fmt: skip
        self.start(name, [sys.executable, "manage.py", *command])

    def kill(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill(name)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]


def _until(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answer := check():
            return answer
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    with tempfile.TemporaryDirectory(prefix="vss-deploy-") as work:
        running = Cluster(Path(work), "database")
        try:
            running.manage("collectstatic", "--noinput", "-v", "0")
            running.start_server("server-a")
            running.start_server("server-b")
            for name in running.workers:
                running.start_worker(name)
            for port in running.ports:
                _until(f"the server on port {port}", partial(_answers, port), timeout=60)
            yield running
        finally:
            running.stop()


@pytest.fixture
def rq_cluster() -> Iterator[Cluster]:
    queue_store = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        queue_store.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    queue_store.flushdb()
    with tempfile.TemporaryDirectory(prefix="vss-deploy-rq-") as work:
        running = Cluster(Path(work), "rq")
        try:
            for name in running.workers:
                running.start_worker(name)
            yield running
        finally:
            running.stop()
            queue_store.flushdb()


def _answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok
    except requests.RequestException:  # not listening yet, or still loading the application
        return False


@pytest.fixture
def runs_table() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (key text NOT NULL, phase text NOT NULL, worker text NOT NULL,"
            " pid integer NOT NULL, resumed boolean NOT NULL)"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")


def _runs(*, pids: bool = False) -> list[tuple[Any, ...]]:
    """(key, phase, worker, resumed) of each run, with the process id before resumed if
    asked."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, phase, worker, {'pid, ' if pids else ''}resumed FROM {TABLE}")
        return list(cursor.fetchall())


def _status(result: TaskResult) -> TaskResultStatus:
    result.refresh()
    return result.status


# --- a browser's side, through the proxy ------------------------------------------------


class _Forms(HTMLParser):
    """Each form of a page, as a browser would post it untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({})
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.forms[-1][self._select] = a.get("value", "")
        elif tag == "input" and a.get("type") not in {"checkbox", "radio", "submit", "file"}:
            self.forms[-1][a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in {"checkbox", "radio"} and "checked" in a:
            self.forms[-1][a["name"]] = a.get("value", "on")
        elif tag == "select":
            self._select = a["name"]
            self.forms[-1].setdefault(a["name"], "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1][a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


def _form_with(html: str, field: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(html)
    return next(form for form in parser.forms if field in form)


class Browser:
    """One person's browser, reaching one server through the TLS proxy."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"
        self.session.headers["X-Forwarded-For"] = "203.0.113.7"

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base + path, allow_redirects=False, timeout=30)

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        headers = {"Origin": self.origin, "Referer": self.origin + path}
        return self.session.post(
            self.base + path, data=data, headers=headers, allow_redirects=False, timeout=30
        )

    def sign_in(self, username: str) -> None:
        form = _form_with(self.get("/accounts/login/").text, "password")
        answer = self.post("/accounts/login/", {**form, "username": username, "password": PASSWORD})
        assert answer.status_code == 302, answer.text[:2000]


# --- the tests ----------------------------------------------------------------------------


def test_two_servers_and_two_workers_on_one_database(cluster, runs_table):
    officer = UserFactory.create(username="outreach-deploy", role=Role.OUTREACH)
    # Production's hasher (the test settings hash with MD5), with few rounds to be quick.
    officer.password = PBKDF2PasswordHasher().encode(PASSWORD, "deploysalt", iterations=1000)
    officer.save(update_fields=["password"])
    court_date = CourtDateFactory.create(title_en="Hearing")

    _the_proxy_header_is_believed_and_static_files_are_served(cluster)
    _a_stale_edit_through_the_other_server_is_refused(cluster, court_date, officer.username)
    with override_settings(TASKS=DATABASE_TASKS):
        _each_job_runs_once_whichever_worker_takes_it(cluster)
        _a_job_survives_its_worker_killed_part_way(
            cluster, lambda: _resume_on_the_database(cluster)
        )


def test_two_rq_workers_on_one_redis(rq_cluster, runs_table, monkeypatch):
    with override_settings(
        VSS_TASKS_BACKEND="rq", TASKS=RQ_TASKS, RQ_QUEUES={"default": {"URL": TEST_REDIS_URL}}
    ):
        _each_job_runs_once_whichever_worker_takes_it(rq_cluster)
        _a_job_survives_its_worker_killed_part_way(
            rq_cluster, lambda: _resume_on_redis(monkeypatch)
        )


def _resume_on_the_database(cluster: Cluster) -> list[str]:
    # While the worker's last sign of life is recent, its task is left to it.
    assert cluster.manage("resume_jobs", "--silent-seconds", "60").startswith("0 task(s)")
    time.sleep(SILENT_SECONDS + BEAT_SECONDS)
    answer = cluster.manage("resume_jobs", "--silent-seconds", str(SILENT_SECONDS))
    count, _, ids = answer.strip().partition(" task(s) queued again: ")
    return ids.split(", ") if int(count) else []


def _resume_on_redis(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # While the worker's heartbeat holds, RQ leaves its job to it.
    assert workers.tasks_resume() == []
    # RQ takes a job for abandoned a minute and a half after its worker's last heartbeat:
    # its clock is moved on by that much rather than waited for.
    now = rq.registry.current_timestamp
    monkeypatch.setattr(rq.registry, "current_timestamp", lambda: now() + 300)
    return workers.tasks_resume()


def _the_proxy_header_is_believed_and_static_files_are_served(cluster: Cluster) -> None:
    port = cluster.ports[0]
    plain = requests.get(f"http://127.0.0.1:{port}/accounts/login/", allow_redirects=False)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

    page = Browser(port).get("/accounts/login/")
    assert page.status_code == 200
    stylesheet = re.search(r'href="(/static/vss/css/app\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, "the page links its stylesheet under a hashed name"
    served = requests.get(
        f"http://127.0.0.1:{cluster.ports[1]}{stylesheet[1]}",
        headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
        timeout=10,
    )
    assert served.status_code == 200
    assert served.headers["Content-Encoding"] == "gzip"
    assert "immutable" in served.headers["Cache-Control"]
    collected = Path(cluster.env["VSS_STATIC_ROOT"]) / stylesheet[1].removeprefix("/static/")
    assert served.text == collected.read_text()


def _a_stale_edit_through_the_other_server_is_refused(
    cluster: Cluster, court_date: CourtDate, username: str
) -> None:
    first, second = Browser(cluster.ports[0]), Browser(cluster.ports[1])
    first.sign_in(username)
    second.sign_in(username)
    path = f"/outreach/calendar/court-dates/{court_date.pk}/edit/"
    first_form = _form_with(first.get(path).text, "version")
    second_form = _form_with(second.get(path).text, "version")
    assert first_form["version"] == second_form["version"] == str(court_date.version)

    saved = first.post(path, {**first_form, "title_en": "Hearing on reparations"})
    assert saved.status_code == 302, saved.text[:2000]
    refused = second.post(path, {**second_form, "title_en": "Hearing on the appeal"})

    assert refused.status_code == 400
    assert "Someone else saved this record" in refused.text
    # The form comes back with what the second person typed, for them to save again.
    assert 'value="Hearing on the appeal"' in refused.text
    court_date.refresh_from_db()
    assert (court_date.title_en, court_date.version) == ("Hearing on reparations", 1)


def _each_job_runs_once_whichever_worker_takes_it(cluster: Cluster) -> None:
    keys = [f"job-{n}" for n in range(40)]
    results = [record_run.enqueue(key=key, seconds=0.05) for key in keys]

    _until(
        "every job to finish",
        lambda: sum(1 for run in _runs() if run[1] == "finished") >= len(keys),
    )
    time.sleep(0.5)  # a job run twice would show its second run by now

    runs = _runs()
    assert Counter((key, phase) for key, phase, _, _ in runs) == {
        **{(key, "started"): 1 for key in keys},
        **{(key, "finished"): 1 for key in keys},
    }
    assert {worker for _, _, worker, _ in runs} == set(cluster.workers), "both took jobs"
    assert not any(resumed for *_, resumed in runs)
    assert {_status(result) for result in results} == {TaskResultStatus.SUCCESSFUL}


def _a_job_survives_its_worker_killed_part_way(
    cluster: Cluster, resume: Callable[[], list[str]]
) -> None:
    result = record_run.enqueue(key="long", seconds=4)
    victim, pid = _until(
        "the long job to start",
        lambda: next(((w, pid) for key, _, w, pid, _ in _runs(pids=True) if key == "long"), None),
    )
    # The worker and the process it runs the job in (RQ forks one per job), as when their
    # machine goes down.
    cluster.kill(victim)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    assert _status(result) == TaskResultStatus.RUNNING

    assert resume() == [str(result.id)]

    _until("the long job to finish", lambda: _status(result) == TaskResultStatus.SUCCESSFUL)
    survivor = next(name for name in cluster.workers if name != victim)
    long_runs = sorted((phase, w, resumed) for key, phase, w, resumed in _runs() if key == "long")
    assert long_runs == sorted(
        [
            ("started", victim, False),
            ("started", survivor, True),
            ("finished", survivor, True),
        ]
    ), cluster.log(survivor)
