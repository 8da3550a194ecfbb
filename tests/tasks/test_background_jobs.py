"""Background jobs through the django.tasks API: queued by the site, run by a worker.

The embedded backend (django-tasks-db, `manage.py db_worker`) and the production one (RQ on
Redis, `manage.py rqworker`) run the same task the site queues when an article is published.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus, task_backends

from mmhub.content.models import ArticlePage
from mmhub.personal.models import RecommenderSnapshot
from mmhub.personal.tasks import refresh_content_vector
from tests.conftest import needs_redis, run_manage

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND
    yield task_backends["default"]


def publish_flagship(django_capture_on_commit_callbacks):
    """Publishing queues the article's recommender refresh once the transaction commits."""
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


# Transactional: the worker closes its database connection after each task, as it should.
@pytest.mark.django_db(transaction=True)
def test_publishing_queues_a_task_that_the_database_worker_runs(
    demo_site, database_tasks, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    RecommenderSnapshot.objects.all().delete()
    publish_flagship(django_capture_on_commit_callbacks)
    # Wagtail queues its search and reference-index updates the same way.
    queued_paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "modelsearch.tasks.insert_or_update_object_task" in queued_paths
    queued = DBTaskResult.objects.get(task_path="mmhub.personal.tasks.refresh_content_vector")
    assert queued.status == TaskResultStatus.READY
    assert not RecommenderSnapshot.objects.exists(), "nothing runs before a worker takes it"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
    result = database_tasks.get_result(str(queued.pk))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "built"
    assert RecommenderSnapshot.objects.count() == 1


@needs_redis
def test_a_task_queued_on_redis_is_run_by_an_rq_worker(demo_site, rq_tasks):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    RecommenderSnapshot.objects.all().delete()
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    queued = refresh_content_vector.enqueue(page.pk)
    assert rq_tasks.get_result(queued.id).status == TaskResultStatus.READY
    assert django_rq.get_queue("default").count == 1

    # In this process (SimpleWorker), so the job sees the test's database transaction.
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    assert worker.work(burst=True)

    result = rq_tasks.get_result(queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "built"
    assert RecommenderSnapshot.objects.count() == 1


@needs_redis
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="a worker process cannot open the suite's in-memory SQLite database; "
    "CI runs this test against PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_separate_rq_worker_process_runs_what_the_site_queued(demo_site, rq_tasks):
    RecommenderSnapshot.objects.all().delete()
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    queued = refresh_content_vector.enqueue(page.pk)
    worker = run_manage("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")
    assert worker.returncode == 0, worker.stderr
    assert rq_tasks.get_result(queued.id).status == TaskResultStatus.SUCCESSFUL
    assert RecommenderSnapshot.objects.count() == 1


def test_a_task_redis_does_not_take_runs_where_it_was_queued(demo_site, settings, caplog):
    """Redis away (nothing listens on the port): the task is not lost, it runs in this process."""
    from tests.conftest import RQ_BACKEND, free_port

    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0"}}
    settings.TASKS = RQ_BACKEND
    RecommenderSnapshot.objects.all().delete()
    page = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")

    result = refresh_content_vector.enqueue(page.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "built"
    assert RecommenderSnapshot.objects.count() == 1
    assert "Redis did not take the task mmhub.personal.tasks.refresh_content_vector" in caplog.text
