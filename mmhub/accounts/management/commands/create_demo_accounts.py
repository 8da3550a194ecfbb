"""manage.py create_demo_accounts: HCP accounts for trying the demo. Never use it in production."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from mmhub.accounts.models import HcpProfile, VerificationStatus

PASSWORD = "myeloma-demo-hcp"  # noqa: S105 - printed for the local demo only

# Fictional people; the registration numbers only have the right format.
DEMO_ACCOUNTS = [
    {
        "email": "verified.hcp@mmhub.example",
        "profile": {
            "profession": "physician",
            "specialty": "Haematology",
            "country": "GB",
            "workplace": "Demo University Hospital",
            "issuing_body": "uk_gmc",
            "registration_number": "1234567",
            "verification_status": VerificationStatus.VERIFIED,
            "verified_by_service": "manual review",
        },
        "note": "verified: reads articles marked 'Verified HCPs only'",
    },
    {
        "email": "pending.nurse@mmhub.example",
        "profile": {
            "profession": "nurse",
            "specialty": "Haemato-oncology nursing",
            "country": "GB",
            "issuing_body": "uk_nmc",
            "registration_number": "12A3456E",
            "verification_status": VerificationStatus.PENDING,
        },
        "note": "waiting for review: approve or decline in the admin under 'HCP verification'",
    },
]


class Command(BaseCommand):
    help = "Create (or reset) two demo HCP accounts and print how to sign in."

    def handle(self, *args, **options):
        User = get_user_model()
        for spec in DEMO_ACCOUNTS:
            email = spec["email"]
            user = User.objects.filter(email=email).first() or User(
                username=email.split("@")[0], email=email
            )
            user.set_password(PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            profile = {**spec["profile"], "submitted_at": timezone.now()}
            if profile["verification_status"] == VerificationStatus.VERIFIED:
                profile["decided_at"] = timezone.now()
            HcpProfile.objects.update_or_create(user=user, defaults=profile)
            self.stdout.write(
                self.style.SUCCESS(f"Demo HCP: sign in at /accounts/login/ as {email} ")
                + f"with password '{PASSWORD}' ({spec['note']})."
            )
