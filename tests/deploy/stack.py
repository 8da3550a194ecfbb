"""A production-like stack for the deploy tests: gunicorn web nodes with the production settings,
on a PostgreSQL database and a Redis made for the test, and the manage.py commands run beside
them. Used by the scale-out test (two nodes) and the fault tests (a server stopped under load)."""

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.conftest import REPO, free_port

READY_TIMEOUT = 90
HCP_EMAIL = "verified.hcp@mmhub.example"  # create_demo_accounts
HCP_PASSWORD = "myeloma-demo-hcp"  # noqa: S105 - the demo account's, printed by make demo


def tail(text, lines=40):
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Stack:
    env: dict
    database: str
    redis_url: str
    server: dict
    logs: Path
    nodes: dict = field(default_factory=dict)  # "A"/"B" -> base URL
    processes: dict = field(default_factory=dict)  # "A"/"B" -> Popen
    commands: int = 0

    @property
    def a(self):
        return self.nodes["A"]

    @property
    def b(self):
        return self.nodes["B"]

    def manage(self, *args, env=None, timeout=300):
        """manage.py in a process of its own, with the nodes' environment; its output is kept
        in the logs folder, and a failure says why."""
        self.commands += 1
        result = subprocess.run(  # noqa: S603 - our interpreter and manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env | (env or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        log = self.logs / f"manage-{self.commands:02}-{args[0]}.log"
        log.write_text(f"$ manage.py {' '.join(args)}\n{result.stdout}\n{result.stderr}")
        assert result.returncode == 0, (
            f"manage.py {args[0]} exited with {result.returncode}:\n{tail(result.stderr)}"
        )
        return result

    def shell(self, code):
        return self.manage("shell", "--verbosity", "0", "--command", code)

    def redis(self):
        import redis

        return redis.Redis.from_url(self.redis_url)

    def queue(self):
        from rq import Queue

        return Queue("default", connection=self.redis())

    def queued(self):
        """{job id: description} of the jobs waiting in the RQ queue."""
        conn = self.redis()
        return {
            job_id: (conn.hget(f"rq:job:{job_id}", "description") or b"").decode()
            for job_id in self.queue().job_ids
        }

    def scalar(self, sql, *params):
        import psycopg

        with psycopg.connect(**self.server, dbname=self.database) as db:
            return db.execute(sql, params).fetchone()[0]

    def log_tails(self, lines=30):
        parts = []
        for log in sorted(self.logs.glob("*.log")):
            parts.append(f"--- {log.name} ---\n{tail(log.read_text(errors='replace'), lines)}")
        return "\n".join(parts)


def postgres_server():
    """The suite's PostgreSQL server, as psycopg.connect() arguments."""
    settings = connection.settings_dict
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": int(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
    }
    if settings.get("PASSWORD"):
        server["password"] = settings["PASSWORD"]
    return server


def database_url(server, name):
    password = f":{server['password']}" if "password" in server else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"


def administer(server, *statements):
    """Statements outside a transaction on the server's maintenance database."""
    import psycopg

    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        for statement, params in statements:
            admin.execute(statement, params)


def drop_database(server, name):
    from psycopg import sql

    administer(
        server,
        (
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ),
        (sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)), None),
    )


def node_environment(server, database, redis_url, tmp):
    inherited = {
        key: value
        for key, value in os.environ.items()
        # Whatever the suite runs with must not leak into the nodes: they read only these.
        if key not in {"DATABASE_URL", "RQ_REDIS_URL", "TEST_RQ_REDIS_URL", "OPENSEARCH_URL"}
        and not key.startswith(("WEB_", "DJANGO_"))
    }
    static_root, media_root = tmp / "static", tmp / "media"
    media_root.mkdir()
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "mmhub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS_ONLY": "false",
        "DATABASE_URL": database_url(server, database),
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "rq",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_FORMAT": "json",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }


def start_node(stack, name):
    port = free_port()
    log = open(stack.logs / f"node-{name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - our interpreter and gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "mmhub.wsgi"],
        cwd=REPO,
        env=stack.env | {"BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the arbiter and its worker stop together
    )
    log.close()
    stack.processes[name] = process
    stack.nodes[name] = f"http://127.0.0.1:{port}"


def stop_node(process, log):
    if process.poll() is None:
        # SIGINT to the arbiter: gunicorn's quick shutdown, which stops its worker first.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with open(log, "a") as file:
                file.write("scale-out test: the node did not stop within 15 s of SIGINT; killed\n")
    # Whatever is left of its process group: the arbiter if it did not stop, or its worker.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_until_ready(stack):
    """Both nodes answer /health/ready/ with every check "ok" (database, cache, queue)."""
    expected = {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}
    waiting = dict(stack.nodes)
    last = {}
    deadline = time.monotonic() + READY_TIMEOUT
    while waiting and time.monotonic() < deadline:
        for name, url in list(waiting.items()):
            if stack.processes[name].poll() is not None:
                pytest.fail(f"Web node {name} exited while starting:\n{stack.log_tails(60)}")
            try:
                response = requests.get(f"{url}/health/ready/", timeout=5)
                last[name] = f"{response.status_code} {response.text[:200]}"
                if response.status_code == 200 and response.json() == expected:
                    del waiting[name]
            except requests.RequestException as error:
                last[name] = repr(error)
        time.sleep(0.5)
    if waiting:
        pytest.fail(
            f"Web node(s) {', '.join(waiting)} not ready after {READY_TIMEOUT} s "
            f"(last answers: {last}):\n{stack.log_tails(60)}"
        )


def csrf_token(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def declare(session, node):
    form = session.get(f"{node}/gate/", params={"next": "/"})
    assert form.status_code == 200, form.status_code
    response = session.post(
        f"{node}/gate/",
        data={"choice": "hcp", "next": "/", "csrfmiddlewaretoken": csrf_token(form.text)},
        allow_redirects=False,
    )
    assert response.status_code == 302, f"the gate answered {response.status_code}"


def sign_in(session, node, email=HCP_EMAIL, password=HCP_PASSWORD):
    form = session.get(f"{node}/accounts/login/", timeout=30)
    response = session.post(
        f"{node}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(form.text)},
        allow_redirects=False,
        timeout=30,
    )
    # Home, or the onboarding step (areas of interest) after a first sign-in.
    assert response.status_code == 302, f"sign-in answered {response.status_code}"
    assert "/accounts/login/" not in response.headers["Location"]


# Servers of the test's own, which it may stop and start ----------------------------------------


def _postgres_binaries():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


POSTGRES_BIN = _postgres_binaries()
CAN_RUN_SERVERS = POSTGRES_BIN is not None and Path("/usr/bin/redis-server").exists()
# For a test module that starts its own PostgreSQL and Redis: it needs no database of the
# suite's, so it runs in the suite on SQLite only, and CI runs it once, in the run that has time
# to spare (the PostgreSQL run is CI's longest).
RUNS_ITS_OWN_SERVERS = [
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="brings its own PostgreSQL and Redis: CI runs it once, in the SQLite suite",
    ),
    pytest.mark.skipif(
        not CAN_RUN_SERVERS and os.getenv("CI") != "true",
        reason="needs PostgreSQL's server binaries and redis-server (Debian's packages)",
    ),
]


class PostgresCluster:
    """A PostgreSQL server of the test's own: initdb in a fresh folder, a free port, trust on
    loopback. Stopping it touches neither the machine's server nor the other suite that CI runs
    at the same time. As root, the server runs as the postgres user (it refuses root)."""

    def __init__(self):
        import shutil
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="mmhub-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._run(
            POSTGRES_BIN / "initdb",
            "--pgdata",
            self.data,
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--no-sync",
        )

    @property
    def server(self):
        """As psycopg.connect() arguments, like tests.deploy.stack.postgres_server()."""
        return {"host": "127.0.0.1", "port": self.port, "user": "postgres"}

    def _run(self, *command):
        command = [str(part) for part in command]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            POSTGRES_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start"
        )

    def stop(self, mode="fast"):
        """`fast` ends every session at once: queries in flight fail, as in a restart."""
        self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self):
        import shutil

        with contextlib.suppress(AssertionError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A Redis of the test's own on a free port, keeping nothing on disk."""

    def __init__(self, logs):
        self.port = free_port()
        self.logs = logs
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        log = open(self.logs / "redis.log", "a")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
            ["/usr/bin/redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # as a crash: no chance to say goodbye to its clients
            self.process.wait(timeout=10)
