"""Signing in through the site counts as the HCP declaration: record it and remember it."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from mmhub.gate.services import current_declaration, record_gate_acknowledgement

from .access import profile_for


@receiver(user_logged_in)
def declaration_on_login(sender, request, user, **kwargs):
    # allauth's signal, not Django's: signing in to the Wagtail admin is not a declaration.
    declaration = current_declaration()
    record_gate_acknowledgement(declaration, user)
    profile_for(user)
    request.mmhub_declared = declaration
