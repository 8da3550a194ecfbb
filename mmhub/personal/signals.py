"""Sign-in merges a visitor's session choices; publishing refreshes the recommender."""

from allauth.account.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from mmhub.accounts.models import HcpProfile
from mmhub.content.models import ArticlePage

from . import services
from .models import ArticleRead, Bookmark, FollowedArea, PersonalSettings


@receiver(user_logged_in)
def merge_on_sign_in(sender, request, user, **kwargs):
    services.merge_session_into_account(request, user)


@receiver(page_published)
def article_published(sender, instance, **kwargs):
    if not issubclass(instance.specific_class, ArticlePage):
        return
    from .tasks import refresh_content_vector

    page_id = instance.pk
    # After the publication is committed, so the task reads the published revision.
    transaction.on_commit(lambda: refresh_content_vector.enqueue(page_id))


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs):
    from .recommend import forget_loaded_model

    transaction.on_commit(forget_loaded_model)


@receiver(post_save, sender=Bookmark)
@receiver(post_delete, sender=Bookmark)
@receiver(post_save, sender=FollowedArea)
@receiver(post_delete, sender=FollowedArea)
@receiver(post_save, sender=PersonalSettings)
@receiver(post_delete, sender=PersonalSettings)
@receiver(post_save, sender=ArticleRead)
@receiver(post_delete, sender=ArticleRead)
@receiver(post_save, sender=HcpProfile)
@receiver(post_delete, sender=HcpProfile)
def account_choices_changed(sender, instance, **kwargs):
    """The account's kept choices (services) are out of date, whoever changed the row."""
    services.forget_account_state(instance.user_id)
