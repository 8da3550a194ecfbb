"""Drop cached section addresses whenever a page is published, moved or removed."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .context_processors import forget_site_links


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def section_may_have_moved(**kwargs):
    forget_site_links()


@receiver(post_delete, sender=Page)
def page_deleted(**kwargs):
    forget_site_links()
