# ruff: noqa: S603, S607 - runs this checkout's manage.py, gunicorn, wrk, pgrep and py-spy
"""Page speed on the production-like stack: `make bench-pages`.

Starts gunicorn (production settings, 2 workers by default) on PostgreSQL and Redis on loopback,
signs in as one of the generated readers (`manage.py generate_load_data`), and drives it with wrk
at 32 connections, one target after the other in one run:

  constant     /health/live/: a response that reads nothing; the server's own limit
  article      personalised article pages (bookmark state, related-for-you, polls), rotating
               over --articles-in-rotation articles the reader may read
  home         the home page with the reader's recommendations
  search       a search results page

Each page is requested once before wrk starts ("cold ms": the median first reading, which fills
the shared cache); then for each: requests per second, p50 and p99 latency, and each target's
rate as a fraction of the constant response's. Goals (issue #10): article >= 0.5x constant, p99 < 50 ms at 32 connections.

The database (default mmhub_load) is created, migrated and filled on the first run (demo
content, then generate_load_data: 50,000 articles and 100,000 readers; minutes) and reused after.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOAL_RATIO = 0.5
GOAL_P99_MS = 50.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/mmhub_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--port", type=int, default=8411)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=15, help="seconds measured per target")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per target")
    parser.add_argument("--articles-in-rotation", type=int, default=50)
    parser.add_argument(
        "--load-articles", type=int, default=50_000, help="when the data must be generated"
    )
    parser.add_argument("--load-users", type=int, default=100_000)
    # A trial's name, as HCPs search; common single words cost more (make bench-search).
    parser.add_argument("--search", default="MAIA")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="also record py-spy samples of one worker during the article run into DIR/article.folded "
        "(folded stacks, for flamegraph.pl or speedscope)",
    )
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    parser.add_argument(
        "--constant-path", default="/health/live/", help="the constant response's path"
    )
    parser.add_argument(
        "--code-root",
        metavar="DIR",
        help="serve another checkout of MM Hub (e.g. an older commit, for before/after figures) "
        "on the same data; it needs a gunicorn.conf.py (this checkout's is used when it has none "
        "it can import)",
    )
    return parser.parse_args(argv)


def stack_environment(args, static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="mmhub.settings.production",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        TASKS_BACKEND="rq",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS_ONLY="false",
        BIND=f"127.0.0.1:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        WEB_THREADS=str(args.threads),
        STATIC_ROOT=str(static_root),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_FORMAT="json",
        # No provider for machine translation is running here; pages are read in English.
        MT_PROVIDER="none",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
    )
    return env


def manage(env, *arguments, capture=False):
    command = [PYTHON, "manage.py", *arguments]
    if capture:
        return subprocess.run(
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return ""


PROBE = """
import json
from django.contrib.auth import get_user_model
from mmhub.content.models import live_articles
from mmhub.ops.loaddata import LOAD_EMAIL_DOMAIN
User = get_user_model()
reader = User.objects.filter(email__endswith="@" + LOAD_EMAIL_DOMAIN).order_by("pk").first()
if reader is None:
    print(json.dumps(None))
else:
    pages = live_articles(reader).only("id", "url_path")[:{rotation}]
    print(json.dumps({{"email": reader.email, "paths": [p.get_url() for p in pages]}}))
"""


def prepare_data(args, env):
    manage(env, "create_database")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    probe = PROBE.format(rotation=args.articles_in_rotation)
    found = json.loads(manage(env, "shell", "-c", probe, capture=True).strip().splitlines()[-1])
    if found is None:
        print("No load data in this database yet: generating it (once; later runs reuse it).")
        for step in ("load_demo_content", "create_demo_accounts", "load_demo_polls"):
            manage(env, step)
        manage(
            env,
            "generate_load_data",
            "--articles",
            str(args.load_articles),
            "--users",
            str(args.load_users),
        )
        found = json.loads(manage(env, "shell", "-c", probe, capture=True).strip().splitlines()[-1])
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return found


def start_server(env, log_path, code_root=None):
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    command = [PYTHON, "-m", "gunicorn", "mmhub.wsgi"]
    if code_root is not None:
        # The older checkout's own modules, and this checkout's server settings.
        env = {**env, "PYTHONPATH": str(code_root)}
        command += ["--config", str(BEFORE_CONFIG)]
    server = subprocess.Popen(
        command,
        cwd=code_root or ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{env['BIND']}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; its log: {log_path}")
        try:
            # /health/ is readiness (and was the only health check in older checkouts).
            if requests.get(f"{base}/health/", headers=PROXY_HEADERS, timeout=2).status_code == 200:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not become ready in 120 s; its log: {log_path}")


# For --code-root: gunicorn.conf.py imports this checkout's logging set-up, which an older
# checkout may not have; these are the same server settings without it.
BEFORE_CONFIG = ROOT / "benchmarks" / "gunicorn_plain.py"


# Every request says it came through a TLS proxy, as behind nginx: then a checkout whose
# production settings insist on HTTPS (no HTTPS_ONLY switch yet) serves the same pages.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def sign_in(base, email, password):
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    for path, data in (
        ("/gate/", {"choice": "hcp", "next": "/"}),
        ("/accounts/login/", {"login": email, "password": password}),
    ):
        form = session.get(base + path, timeout=30)
        for cookie in session.cookies:
            cookie.secure = False  # loopback is plain HTTP below the pretend proxy
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = session.post(
            base + path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": base.replace("http://", "https://") + path},
            timeout=30,
        )
        answer.raise_for_status()
        for cookie in session.cookies:
            cookie.secure = False  # loopback is plain HTTP below the pretend proxy
    if "sessionid" not in session.cookies:
        raise SystemExit(f"Could not sign in as {email}: check the load data's password.")
    return session


def check_targets(session, base, targets):
    """Every target answers 200 as the signed-in reader: a benchmark of redirects or errors
    would measure nothing."""
    for name, paths in targets.items():
        for path in paths[:3]:
            response = session.get(base + path, timeout=60, allow_redirects=False)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {path} answered {response.status_code}, not 200")
            if name == "article" and "Sign out" not in response.text:
                raise SystemExit(f"{name}: {path} is not the signed-in reader's page")


LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def run_wrk(url, script, connections, seconds, headers=()):
    """wrk's output for `script` at `connections` for `seconds`, every request said to come
    through the TLS proxy (PROXY_HEADERS)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s", "-s", str(script)]
    for header in (*headers, "X-Forwarded-Proto: https"):
        command += ["-H", header]
    return subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout


def wrk(base, paths, cookie, connections, seconds, workdir):
    script = workdir / "paths.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for path in paths))
    output = run_wrk(base + paths[0], script, connections, seconds, [f"Cookie: {cookie}"])
    return parse_wrk(output)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rate": rate,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def worker_pids(server):
    found = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in found]


def report(results, args):
    constant = results["constant"]["rate"]
    print()
    print(
        f"Pages on the production-like stack: {args.workers} gunicorn workers x {args.threads} "
        f"threads, {args.connections} connections, {args.duration} s per target (wrk)"
    )
    print(
        f"{'target':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x constant':>11} {'errors':>7}"
    )
    for name, figures in results.items():
        ratio = figures["rate"] / constant if constant else 0.0
        figures["ratio"] = round(ratio, 3)
        errors = figures["non_2xx"] + figures["socket_errors"]
        print(
            f"{name:<10} {figures['rate']:>9.1f} {figures['p50_ms']:>8.1f} {figures['p99_ms']:>8.1f}"
            f" {ratio:>11.3f} {errors:>7} {figures['cold_ms']:>8.1f}"
        )
    article = results["article"]
    print()
    print(
        f"goal: article >= {GOAL_RATIO}x constant: {article['ratio']:.3f} -> "
        f"{'met' if article['ratio'] >= GOAL_RATIO else 'NOT met'}"
    )
    print(
        f"goal: article p99 < {GOAL_P99_MS:.0f} ms at {args.connections} connections: "
        f"{article['p99_ms']:.1f} ms -> {'met' if article['p99_ms'] < GOAL_P99_MS else 'NOT met'}"
    )


def main(argv=None):
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench-pages does it)")
    workdir = Path(tempfile.mkdtemp(prefix="mmhub-bench-pages-"))
    env = stack_environment(args, workdir / "static")
    print(f"Data: {args.database_url}; cache and sessions: {args.redis_url}")
    found = prepare_data(args, env)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()  # start from a cold shared cache
    code_root = Path(args.code_root).resolve() if args.code_root else None
    if code_root is not None:
        print(f"Serving the checkout at {code_root}")
    server, base = start_server(env, workdir / "gunicorn.log", code_root)
    try:
        session = sign_in(base, found["email"], os.getenv("LOAD_PASSWORD", "load-test-password"))
        cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
        targets = {
            "constant": [args.constant_path],
            "article": found["paths"],
            "home": ["/"],
            "search": ["/search/?" + requests.compat.urlencode({"q": args.search})],
        }
        check_targets(session, base, targets)
        results = {}
        py_spy = None
        if args.profile:
            # Installed into the virtualenv (pip install py-spy), which need not be on PATH.
            py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(PYTHON).parent))
            if py_spy is None:
                sys.exit("--profile needs py-spy: .venv/bin/pip install py-spy")
        for name, paths in targets.items():
            # Every page once first: what is measured is pages readers come back to, not the
            # first reading after a publication (that cost is the cold column).
            cold = []
            for path in paths:
                started = time.perf_counter()
                session.get(base + path, timeout=120)
                cold.append((time.perf_counter() - started) * 1000)
            wrk(base, paths, cookie, args.connections, args.warmup, workdir)
            profiler = None
            if args.profile and name == "article":
                out = Path(args.profile)
                out.mkdir(parents=True, exist_ok=True)
                pid = worker_pids(server)[0]
                profiler = subprocess.Popen(
                    [
                        py_spy,
                        "record",
                        "--pid",
                        str(pid),
                        "--duration",
                        str(args.duration),
                        "--format",
                        "raw",  # folded stacks: one line per stack with its sample count
                        "--output",
                        str(out / "article.folded"),
                        "--nonblocking",
                    ],
                )
            results[name] = wrk(base, paths, cookie, args.connections, args.duration, workdir)
            results[name]["cold_ms"] = sorted(cold)[len(cold) // 2]
            if profiler is not None:
                profiler.wait()
            print(f"  {name}: {results[name]['rate']:.1f} req/s", flush=True)
        report(results, args)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in long requests
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    print(f"(server log: {workdir / 'gunicorn.log'})")


if __name__ == "__main__":
    main()
