"""Background tasks on RQ that are not lost while Redis is away.

With TASKS_BACKEND=rq a task goes to Redis for a worker. When Redis does not take it (stopped,
restarting, unreachable within REDIS_CONNECT_TIMEOUT), django-tasks-rq raises, and the work would
be lost: Wagtail's search-index update after a publication, say, or the recommender's refresh. The
process that queued the task runs it itself instead, at once, as the immediate backend does, and
logs a warning. A publication takes a little longer during the outage; nothing is left undone.
Once Redis answers again, tasks go to it as before: nothing needs restarting.
"""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend as BaseRQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("mmhub.tasks")


class RQBackend(BaseRQBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.in_place = ImmediateBackend(alias, params)

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            if task.run_after is not None:
                # Work asked for later cannot be done now in its place: fail loudly.
                logger.error("Redis did not take the deferred task %s: %s", task.module_path, error)
                raise
            logger.warning(
                "Redis did not take the task %s (%s): running it in this process instead",
                task.module_path,
                error,
            )
            return self.in_place.enqueue(task, args, kwargs)
