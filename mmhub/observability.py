"""Request ids and structured logs.

Every request gets an id: the `X-Request-ID` a proxy in front sent (nginx's `$request_id`, see
docs/deploy.md) when it looks like one, otherwise a new one. The id goes back in the response's
`X-Request-ID` header and into every log record written while the request runs, so one line in a
reader's bug report finds every line the request logged on whichever node served it.

With LOG_FORMAT=json (the production default) each record is one JSON object per line, with
`time`, `level`, `logger`, `message`, `request_id` and the record's extra fields; the access log
(logger `mmhub.requests`) adds method, path, status and duration. Query strings are not logged:
they can carry what a reader typed.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import empty

request_id_var = contextvars.ContextVar("request_id", default="")
access_log = logging.getLogger("mmhub.requests")

# What a proxy's id may look like: nginx's $request_id is 32 hex digits; allow UUIDs and the like.
FOREIGN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")


def current_request_id():
    return request_id_var.get()


class RequestIdMiddleware:
    """First in the stack: it times the whole response and tags everything logged inside it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.id = offered if FOREIGN_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "signed_in": signed_in(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def signed_in(request):
    """Whether the request was from an account, if the response already had to know: asking
    would load the session and the user for requests that never needed them (health checks)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return bool(user.is_authenticated)


# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Objects that are not JSON (Django puts the request in `extra`)
    are written as their path or their text."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for name, value in vars(record).items():
            if name in STANDARD_ATTRIBUTES or name.startswith("_") or name in entry:
                continue
            if name == "request":
                value = getattr(value, "path", str(value))
            entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For a terminal: time, level, logger, the request id when there is one, the message."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s%(rid)s %(message)s")

    def format(self, record):
        request_id = current_request_id()
        record.rid = f" [{request_id[:8]}]" if request_id else ""
        return super().format(record)


def logging_config(log_format, level="INFO", access_log_enabled=True):
    """The LOGGING setting (and gunicorn's `logconfig_dict`): everything to stderr."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "mmhub.observability.JsonFormatter"},
            "text": {"()": "mmhub.observability.TextFormatter"},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "django": {"level": level, "propagate": True},
            # django.server repeats the access log in runserver; the middleware writes one.
            "django.server": {"level": "WARNING", "propagate": True},
            "mmhub.requests": {
                "level": "INFO" if access_log_enabled else "WARNING",
                "propagate": True,
            },
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
        },
    }
