"""Wagtail's Editors and Moderators groups may create, change and delete polls, as with pages."""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    poll_type, _ = ContentType.objects.get_or_create(app_label="polls", model="poll")
    permissions = [
        Permission.objects.get_or_create(
            content_type=poll_type, codename=f"{action}_poll", defaults={"name": f"Can {action} poll"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
