import pytest
from django.conf import settings as django_settings

from vss.accounts.models import Role
from vss.testing.personas import donor_persona, lawyer_persona, lead_co_lawyer_persona, persona


@pytest.fixture
def chief(db):
    return persona(Role.CHIEF)


@pytest.fixture
def intake(db):
    return persona(Role.INTAKE)


@pytest.fixture
def legal(db):
    return persona(Role.LEGAL)


@pytest.fixture
def reparations(db):
    return persona(Role.REPARATIONS)


@pytest.fixture
def outreach(db):
    return persona(Role.OUTREACH)


@pytest.fixture
def auditor(db):
    return persona(Role.AUDITOR)


@pytest.fixture
def intermediary(db):
    return persona(Role.INTERMEDIARY, "ADHOC")


@pytest.fixture
def other_intermediary(db):
    return persona(Role.INTERMEDIARY, "DC-Cam")


@pytest.fixture
def lawyer(db):
    return lawyer_persona()


@pytest.fixture
def other_lawyer(db):
    return lawyer_persona("other-lawyer", "SAM")


@pytest.fixture
def lead_co_lawyer(db):
    return lead_co_lawyer_persona()


@pytest.fixture
def partner(db):
    return persona(Role.PARTNER, "TPO")


@pytest.fixture
def other_partner(db):
    return persona(Role.PARTNER, "Kdei Karuna")


@pytest.fixture
def donor(db):
    return donor_persona()


@pytest.fixture
def other_donor(db):
    return donor_persona("Switzerland (SDC)", "SDC")


@pytest.fixture(scope="session", autouse=True)
def _audit_log_can_be_emptied_between_tests():
    """Tests that commit (browser tests) are cleaned up by Django's `flush`, which the
    audit log's append-only triggers would refuse; lift them for the flush alone."""
    from importlib import import_module

    from django.core.management.commands import flush
    from django.db import connections

    append_only = import_module("vss.audit.migrations.0002_append_only")
    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options.get("database", "default")]
        append_only.unlock_audit_log(connection)
        try:
            return original(self, **options)
        finally:
            append_only.lock_audit_log(connection)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(scope="session", autouse=True)
def _forced_sign_ins_pass_the_second_factor():
    """The suite runs with the second factor required, as production does; a test client's
    force_login signs in with both factors (vss/testing/clients.py), so that every test
    that signs in by hand meets the pages it is about. Tests of the second factor sign in
    with the password alone (`password_only_login`, or through the sign-in page)."""
    from django.test import Client

    from vss.testing.clients import force_verified_login

    patch = pytest.MonkeyPatch()
    patch.setattr(Client, "force_login", force_verified_login)
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _csrf_tokens_spell_nothing():
    """A CSRF token is 64 random letters and digits, so a page's token now and then holds
    "KEO" or "SOK", and a test that a name is absent from the page would fail by chance.
    The suite's secret and mask are one letter repeated: every token reads "aaa…a" and
    is still checked by Django's own middleware, as a random one is."""
    from django.middleware import csrf

    patch = pytest.MonkeyPatch()
    patch.setattr(csrf, "_get_new_csrf_string", lambda: "a" * csrf.CSRF_SECRET_LENGTH)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _protected_names_read_afresh():
    """The finder of protected names and the keys of their names are kept per process
    under the stamp the database's triggers write, and a test's rollback brings the stamp
    back; which users' scopes are large is kept per process too, and a rolled back user's
    id comes back as another's; the dashboard keeps figures under the moment of a count,
    which a test that stops the clock can make twice: each test starts with none of them,
    so that what a page shows or its queries count does not hang on the tests before it."""
    from django.core.cache import cache

    from vss.people.selectors import forget_protected_name_keys
    from vss.policy import names_in_text
    from vss.policy.applications import forget_large_scopes

    names_in_text.forget()
    forget_protected_name_keys()
    forget_large_scopes()
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _audit_chain_holds(request):
    """Every test that wrote to the database leaves the audit log's hash chain whole:
    whatever path a service takes to write an entry, it goes through the chain."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_database or request.node.get_closest_marker("audit_chain_broken"):
        yield
        return
    # Requested here so that the check runs before the test's transaction is undone.
    request.getfixturevalue("db")
    yield
    from vss.audit.chain import first_break

    broken = first_break()
    assert broken is None, str(broken)


@pytest.fixture(autouse=True)
def _fresh_live_check_model():
    """The live duplicate check learns a model once per process before any registry run;
    each test has its own registry, so each starts without that cached model."""
    from vss.matching.live import _bootstrap_model

    _bootstrap_model.cache_clear()
    yield
    _bootstrap_model.cache_clear()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request in Khmer leaves Khmer active in the thread that served it (the test's
    own); without this, the next test would read its messages in whatever language the
    test before it last asked for, and pass or fail by the order tests run in."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def sms_log(monkeypatch, tmp_path):
    """Each test's SMS, as the logging gateway wrote them: a file of its own. Set on the
    settings themselves: pytest-django's `settings` fixture would hide SETTINGS_MODULE,
    which some commands read."""
    monkeypatch.setattr(django_settings, "VSS_SMS_LOG", str(tmp_path / "sms.log"))
    return tmp_path / "sms.log"
