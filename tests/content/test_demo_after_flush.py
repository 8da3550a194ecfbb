"""The demo loader rebuilds a site on a flushed database, where migrations' root page is gone."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from mmhub.content.models import ArticlePage, HomePage


def test_loader_works_after_manage_py_flush(transactional_db, client):
    call_command("flush", "--noinput", verbosity=0)
    assert Page.objects.count() == 0

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert ArticlePage.objects.live().count() >= 12
    client.post("/gate/", {"choice": "hcp", "next": "/"})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("flushed", [False, True])
def test_demo_editor_can_log_in_to_the_admin(transactional_db, client, capsys, flushed):
    if flushed:
        call_command("flush", "--noinput", verbosity=0)
    call_command("create_demo_editor")

    printed = capsys.readouterr().out
    assert "'editor'" in printed and "myeloma-demo-editor" in printed
    assert client.login(username="editor", password="myeloma-demo-editor")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/snippets/content/sponsor/").status_code == 200
