"""gunicorn settings for `bench_pages.py --code-root`: the same workers, threads and binding as
gunicorn.conf.py, for a checkout that predates it (and its logging module)."""

import os

bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_CONCURRENCY", "2"))
threads = int(os.getenv("WEB_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.getenv("WEB_TIMEOUT", "30"))
keepalive = 5
preload_app = True
accesslog = None
control_socket_disable = True
