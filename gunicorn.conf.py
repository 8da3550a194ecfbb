"""gunicorn settings for MM Hub (read from the working directory: `gunicorn mmhub.wsgi`).

Every value comes from the environment (docs/deploy.md):
  BIND             address to listen on (default 127.0.0.1:8000; nginx proxies to it)
  WEB_CONCURRENCY  worker processes (default 2; about one per core)
  WEB_THREADS      threads per worker (default 4): a thread waiting on PostgreSQL or Redis lets
                   another serve, and kept-alive connections from nginx do not hold a worker
  WEB_TIMEOUT      seconds before a stuck worker is restarted (default 30)
  WEB_MAX_REQUESTS restart a worker after this many requests (default 0: never)
"""

import os

from mmhub.observability import logging_config

bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_CONCURRENCY", "2"))
threads = int(os.getenv("WEB_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.getenv("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.getenv("WEB_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Django loads once in the arbiter; workers fork with the code already imported.
preload_app = True
# The access log is the application's (mmhub.observability): one line per request, with its id.
accesslog = None
logconfig_dict = logging_config(os.getenv("LOG_FORMAT", "json"), os.getenv("LOG_LEVEL", "INFO"))
# Headers from the proxy in front (X-Forwarded-Proto, X-Request-ID) are trusted from loopback.
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No control socket (~/.gunicorn/gunicorn.ctl): several nodes on one machine would share it, and
# systemd signals do the same job (docs/deploy.md).
control_socket_disable = True


def post_fork(server, worker):
    """Each worker opens its own database and Redis connections: none inherited from the arbiter."""
    from django.db import connections

    connections.close_all()
