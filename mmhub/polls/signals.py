"""Votes a visitor cast before signing in become the account's (one vote per person)."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .services import claim_visitor_votes


@receiver(user_logged_in, dispatch_uid="polls_claim_visitor_votes")
def claim_votes_at_sign_in(sender, request, user, **kwargs):
    claim_visitor_votes(request, user)
