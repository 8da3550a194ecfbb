"""Background work of the newsletter, through the django.tasks API (django-tasks backport)."""

from django_tasks import task

from . import delivery


@task()
def send_digest_batch(delivery_ids):
    """Send one batch of planned digests; returns what happened, e.g. {"sent": 198, "skipped": 2}."""
    return dict(delivery.send_batch(delivery_ids))
