#!/usr/bin/env bash
# `make serve`: MM Hub as it runs in production, on this machine. Production settings, PostgreSQL
# and Redis on loopback, gunicorn with WhiteNoise for static files, RQ task workers and the digest
# scheduler beside it. Plain HTTP on loopback (HTTPS_ONLY=false): put nginx with TLS in front for
# anything else (docs/deploy.md). Every variable below can be set in the environment instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

export DJANGO_SETTINGS_MODULE=mmhub.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mmhub}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export TASKS_BACKEND=${TASKS_BACKEND:-rq}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export HTTPS_ONLY=${HTTPS_ONLY:-false}
export PORT=${PORT:-8000}
export BIND=${BIND:-127.0.0.1:$PORT}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PORT}
# Numerical libraries: one thread per web or worker process (scoring is faster so under load).
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
TASK_WORKERS=${TASK_WORKERS:-1}
LOAD_DEMO=${LOAD_DEMO:-true}

if [ -z "${SECRET_KEY:-}" ]; then
    # One random key for this checkout, kept so sessions survive a restart.
    [ -s .serve-secret-key ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > .serve-secret-key
    SECRET_KEY=$(cat .serve-secret-key)
    export SECRET_KEY
fi

redis_ping() { "$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()'; }
redis_ping 2>/dev/null || {
    echo "Redis does not answer at $REDIS_URL: start it (redis-server --daemonize yes) or set REDIS_URL." >&2
    exit 1
}

"$PY" manage.py create_database
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0
if [ "$LOAD_DEMO" = true ]; then
    for step in load_demo_content create_demo_editor create_demo_accounts load_demo_reading \
        load_demo_polls refresh_recommendations; do
        "$PY" manage.py "$step"
    done
fi

pids=()
stop() {
    trap - EXIT INT TERM
    [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

for _ in $(seq "$TASK_WORKERS"); do
    if [ "$TASKS_BACKEND" = rq ]; then
        "$PY" manage.py rqworker --job-class django_tasks_rq.Job default &
    else
        "$PY" manage.py db_worker &
    fi
    pids+=($!)
done
"$PY" manage.py send_digests --loop &
pids+=($!)

echo "Serving MM Hub (production settings) on http://$BIND with $WEB_CONCURRENCY web workers," \
    "$TASK_WORKERS $TASKS_BACKEND task worker(s) and the digest scheduler (Ctrl-C stops all)" >&2
"$PY" -m gunicorn mmhub.wsgi &
pids+=($!)
wait -n "${pids[@]}"
