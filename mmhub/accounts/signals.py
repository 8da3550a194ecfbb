"""Signing in through the site counts as the HCP declaration: record it and remember it.
A changed HCP profile is verified (or not) from the next request on."""

from allauth.account.signals import user_logged_in
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mmhub.gate.services import current_declaration, record_gate_acknowledgement

from .access import forget_verification, profile_for
from .backends import forget_user
from .models import HcpProfile


@receiver(user_logged_in)
def declaration_on_login(sender, request, user, **kwargs):
    # allauth's signal, not Django's: signing in to the Wagtail admin is not a declaration.
    declaration = current_declaration()
    record_gate_acknowledgement(declaration, user)
    profile_for(user)
    request.mmhub_declared = declaration


@receiver(post_save, sender=HcpProfile)
@receiver(post_delete, sender=HcpProfile)
def profile_changed(sender, instance, **kwargs):
    forget_verification(instance.user_id)


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def user_changed(sender, instance, **kwargs):
    """The next request loads the row again (accounts.backends)."""
    forget_user(instance.pk)
