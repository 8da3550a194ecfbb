"""Keep the gate's caches true when declarations or exempt pages change."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished

from .models import Declaration
from .services import forget_current_declaration, forget_exempt_pages


@receiver([post_save, post_delete], sender=Declaration)
def declaration_changed(**kwargs):
    # Now, and again once committed: a request between the two would cache the old rows.
    forget_current_declaration()
    transaction.on_commit(forget_current_declaration)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
def page_route_changed(**kwargs):
    forget_exempt_pages()
    transaction.on_commit(forget_exempt_pages)
