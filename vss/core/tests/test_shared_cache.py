"""VSS_CACHE_URL gives every process of the application one cache (Redis): what one
process keeps there, another reads. Unset, each keeps its own in its memory."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import redis

from vss.testing.constants import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[3]


def _in_a_process(code: str, **env: str) -> str:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("VSS_CACHE")}
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**kept, "DJANGO_SETTINGS_MODULE": "vss.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_what_one_process_keeps_another_reads():
    key, value = f"vss-test-{secrets.token_hex(4)}", "figures of 6 December"
    try:
        _in_a_process(
            f"from django.core.cache import cache; cache.set({key!r}, {value!r}, 60)",
            VSS_CACHE_URL=TEST_REDIS_URL,
        )
        read = f"from django.core.cache import cache; print(cache.get({key!r}))"
        assert _in_a_process(read, VSS_CACHE_URL=TEST_REDIS_URL) == value
        # Without the setting, a process has only its own.
        assert _in_a_process(read) == "None"
    finally:
        redis.Redis.from_url(TEST_REDIS_URL).delete(f":1:{key}")


def test_unset_each_process_keeps_its_own_in_memory():
    backend = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert _in_a_process(backend) == "django.core.cache.backends.locmem.LocMemCache"
    assert _in_a_process(backend, VSS_CACHE_URL=TEST_REDIS_URL).endswith("redis.RedisCache")
