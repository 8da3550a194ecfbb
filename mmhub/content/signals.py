"""Keep cached values true: section addresses and what readers of published pages share
(mmhub.content.published) are dropped whenever pages are published, moved or removed, and the
shared values also when evidence, images or documents change."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import published
from .context_processors import forget_site_links


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def section_may_have_moved(**kwargs):
    forget_site_links()
    transaction.on_commit(forget_site_links)
    published.content_changed()


@receiver(post_delete)
def row_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        forget_site_links()
        transaction.on_commit(forget_site_links)
        published.content_changed()
    elif sender._meta.app_label in published.SOURCE_APPS or sender is PageViewRestriction:
        published.content_changed()


@receiver(post_save)
def row_saved(sender, **kwargs):
    """Evidence (trials, estimates, patient data), images, documents, areas and sponsors appear
    on published pages without the pages being published again; a page row saved directly (a
    script, a migration) may change what its readers see."""
    if (
        sender._meta.app_label in published.SOURCE_APPS
        or issubclass(sender, Page)
        or sender is PageViewRestriction
    ):
        published.content_changed()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(**kwargs):
    """Routes keep the view restrictions of the pages they lead to (content.routing)."""
    published.content_changed()
