"""manage.py create_demo_editor: an editor account for trying the Wagtail admin on the demo site."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db.models import Q

from mmhub.content.models import AreaOfInterest, Sponsor
from mmhub.evidence.models import PatientDataSet, ResultEstimate, Trial

DEFAULT_USERNAME = "editor"
DEFAULT_PASSWORD = "myeloma-demo-editor"  # noqa: S105 - printed for the local demo only


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account and print how to log in. Never use it in production."

    def handle(self, *args, **options):
        username = os.getenv("DEMO_EDITOR_USERNAME", DEFAULT_USERNAME)
        password = os.getenv("DEMO_EDITOR_PASSWORD", DEFAULT_PASSWORD)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@mmhub.example", "is_staff": False}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        editors = Group.objects.get_or_create(name="Editors")[0]
        editors.permissions.add(*editor_permissions())
        moderators = Group.objects.get_or_create(name="Moderators")[0]
        moderators.permissions.add(*reviewer_permissions())
        user.groups.add(editors, moderators)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor {'created' if created else 'ready'}: log in at /admin/ as "
                f"'{username}' with password '{password}'."
            )
        )


def editor_permissions():
    """Admin access (migrations grant it, a flushed database has lost it) and the content snippets."""
    return [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *snippet_permissions(),
    ]


def reviewer_permissions():
    """Moderators review HCP verification requests (admin menu: HCP verification)."""
    return [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["change_hcpprofile", "view_hcpprofile"],
        ),
    ]


def snippet_permissions():
    """Editors manage the taxonomy, sponsors and trial evidence, not only pages."""
    models = (AreaOfInterest, Sponsor, Trial, ResultEstimate, PatientDataSet)
    query = Q()
    for model in models:
        codenames = [
            f"{action}_{model._meta.model_name}" for action in ("add", "change", "delete", "view")
        ]
        query |= Q(content_type__app_label=model._meta.app_label, codename__in=codenames)
    return Permission.objects.filter(query)
