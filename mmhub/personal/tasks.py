"""Background work of the personal app, through the django.tasks API (django-tasks backport)."""

from django_tasks import task

from . import recommend


@task()
def refresh_content_vector(page_id):
    return recommend.refresh_content_vector(page_id)


@task()
def rebuild_recommender():
    snapshot = recommend.rebuild()
    return snapshot.pk if snapshot else None
