"""Recording and withdrawing consent; used by sign-up now and by the newsletter later."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ConsentRecord, ConsentWording, wording_version


def wording_for(purpose, text):
    """The stored row for this exact wording, created the first time anyone is shown it."""
    version = wording_version(text)
    try:
        with transaction.atomic():
            return ConsentWording.objects.get_or_create(
                purpose=purpose, version=version, defaults={"text": text}
            )[0]
    except IntegrityError:  # another request stored it first
        return ConsentWording.objects.get(purpose=purpose, version=version)


def record_consent(purpose, text, *, user=None, email=""):
    if user is None and not email:
        raise ValueError("A consent needs a subject: an account or an email address")
    return ConsentRecord.objects.create(
        purpose=purpose, wording=wording_for(purpose, text), user=user, email=email
    )


def withdraw_consent(purpose, *, user=None, email=""):
    records = ConsentRecord.objects.filter(purpose=purpose, withdrawn_at__isnull=True)
    records = records.filter(user=user) if user is not None else records.filter(email=email)
    return records.update(withdrawn_at=timezone.now())
