"""Two copies of Lodestar sharing one Redis server keep apart: each copy's cache keys, Celery
queues and task results live under its own prefix, derived from its database and checkout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import redis
from celery import Celery
from django.conf import settings

from config.instance import instance_prefix

ROOT = Path(__file__).resolve().parents[2]
SHOW = """
import json, django
django.setup()
from django.conf import settings
from config.celery import app
print(json.dumps({
    "cache": settings.CACHES["default"]["KEY_PREFIX"],
    "broker": app.conf.broker_transport_options,
    "results": app.conf.result_backend_transport_options,
}))
"""


def settings_of_copy(database_url: str, **extra) -> dict:
    """The Redis namespaces a development copy using `database_url` starts with."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_KEY_PREFIX", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings.local", **extra)
    done = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_database_and_each_checkout_has_its_own_prefix(tmp_path):
    here = instance_prefix(database_name="lodestar", checkout=ROOT)
    assert here == instance_prefix(database_name="lodestar", checkout=ROOT), "every process of a copy agrees"
    assert here != instance_prefix(database_name="lodestar_two", checkout=ROOT)
    assert here != instance_prefix(database_name="lodestar", checkout=tmp_path / "second-checkout")
    assert here.startswith("lodestar-lodestar-")


def test_two_copies_use_different_cache_broker_and_result_prefixes():
    first = settings_of_copy("postgres://postgres@127.0.0.1:5432/lodestar")
    second = settings_of_copy("postgres://postgres@127.0.0.1:5432/lodestar_two")

    assert first["cache"] != second["cache"] and "lodestar_two" in second["cache"]
    for copy in (first, second):
        assert copy["broker"]["global_keyprefix"] == f"{copy['cache']}:"
        assert copy["results"]["global_keyprefix"] == f"{copy['cache']}:"
    named = settings_of_copy("postgres://postgres@127.0.0.1:5432/lodestar", REDIS_KEY_PREFIX="riverside-prod")
    assert named["cache"] == "riverside-prod", "an operator may name the namespace"


def test_a_task_sent_by_one_copy_is_not_in_the_other_copys_queue():
    """Through a real Redis: copy A's message sits in A's queue; B's queue stays empty."""
    first = settings_of_copy("postgres://postgres@127.0.0.1:5432/lodestar")
    second = settings_of_copy("postgres://postgres@127.0.0.1:5432/lodestar_two")
    apps = {}
    for name, copy in (("a", first), ("b", second)):
        apps[name] = Celery(f"copy-{name}", broker=settings.REDIS_URL, set_as_current=False)
        apps[name].conf.broker_transport_options = copy["broker"]
    queue = "lodestar-prefix-test"
    server = redis.Redis.from_url(settings.REDIS_URL)
    keys = [f"{first['broker']['global_keyprefix']}{queue}", f"{second['broker']['global_keyprefix']}{queue}"]
    server.delete(*keys)
    try:
        apps["a"].send_task("notifications.tasks.send_daily_digests", queue=queue)
        assert server.llen(keys[0]) == 1, "copy A's worker finds the task"
        assert server.llen(keys[1]) == 0, "copy B's worker never sees it"
        assert not server.exists(queue), "nothing is written without a prefix"
    finally:
        server.delete(*keys)
        for app in apps.values():
            app.close()
