"""Indexes for the SQL Wagtail's PostgreSQL search backend runs (found by `make bench-search`
at 50,000 articles, where each search was a sequential scan of the whole index):
- the combined vector `title || body` it matches against (only the two columns had GIN indexes);
- the text form of the article id it joins index entries on (`object_id` is text);
- upper-cased titles, for the exact-title lookup of `search_articles`.
SQLite and other databases need none of them."""

from django.db import migrations

INDEXES = [
    (
        "mmhub_indexentry_title_body_gin",
        "wagtailsearch_indexentry USING gin ((title || body))",
    ),
    (
        "mmhub_articlepage_ptr_text",
        "content_articlepage (((page_ptr_id)::varchar(50)))",
    ),
    ("mmhub_page_upper_title", "wagtailcore_page (UPPER(title))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("mmhub_search", "0001_search_terms"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("content", "0005_article_trial_links"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
