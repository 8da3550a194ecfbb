"""Citation downloads, in every language (the files themselves are always in the site's language)."""

from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("citations/<int:page_id>/article.ris", views.article_ris, name="article_ris"),
    path("citations/<int:page_id>/article.bib", views.article_bibtex, name="article_bibtex"),
    path("citations/<int:page_id>/references.ris", views.references_ris, name="references_ris"),
    path(
        "citations/<int:page_id>/references.bib", views.references_bibtex, name="references_bibtex"
    ),
]
