"""What readiness checks: the database, the shared cache and the task queue, each within a second
or two (connect and socket timeouts in settings), each reported as "ok" or "unavailable".

Without the shared cache (Redis) a node still serves: every cache read misses and every write is
dropped (django-redis's IGNORE_EXCEPTIONS), sessions are read from the database (cached_db), and
a task Redis does not take runs where it was queued (mmhub.taskqueue). Only the database is
essential, and the task queue when it is a table in that database."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger("mmhub.health")


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def shared_cache():
    """Write and read back a short-lived key: a cache that is down, or accepts writes and loses
    them, makes the node unready. (A local-memory cache passes: it is this process's own; a site
    with more than one process needs REDIS_URL, docs/deploy.md.)"""
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was written to it")
    cache.delete(key)


def task_queue():
    backend = settings.TASKS_BACKEND
    if backend == "rq":
        import django_rq

        django_rq.get_connection("default").ping()
    elif backend == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()  # the table is there and readable


CHECKS = {"database": database, "cache": shared_cache, "queue": task_queue}


def essential():
    """The checks without which the node cannot serve readers."""
    return {"database", "queue"} if settings.TASKS_BACKEND == "database" else {"database"}


def check_all():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure is reported; the log says why
            logger.exception("Readiness check failed: %s", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results
