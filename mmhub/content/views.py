"""Citation downloads for an article: the article itself and its references, as RIS and BibTeX.

Each file opens to exactly the readers the article page opens to: the gate middleware stands in
front of these paths as of every content path, `readable_articles` keeps to live public pages,
and an article for verified HCPs only answers everyone else the way its page does (403).
"""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from . import citations
from .models import readable_articles, source_articles

RIS_TYPE = "application/x-research-info-systems; charset=utf-8"
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"


def closed_or_missing(request, page_id):
    """What a reader gets for an article they may not read: its closed page, or a 404."""
    closed = source_articles().filter(pk=page_id, verified_only=True).first()
    if closed is None:
        raise Http404("No published article has this number; follow the link on the article page.")
    return closed.serve_closed_to_reader(request)


def citation_download(build, content_type, filename, references=False):
    """A view answering with `build(article)` as an attachment named `filename % slug`."""

    @require_safe
    def view(request, page_id):
        article = readable_articles(request.user).filter(pk=page_id).first()
        if article is None:
            return closed_or_missing(request, page_id)
        if references and not citations.has_references(article):
            raise Http404("This article cites no references.")
        response = HttpResponse(build(article).encode(), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename % article.slug
        )
        patch_cache_control(response, private=True)
        return response

    return view


article_ris = citation_download(citations.article_ris, RIS_TYPE, "%s.ris")
article_bibtex = citation_download(citations.article_bibtex, BIBTEX_TYPE, "%s.bib")
references_ris = citation_download(
    citations.references_ris, RIS_TYPE, "%s-references.ris", references=True
)
references_bibtex = citation_download(
    citations.references_bibtex, BIBTEX_TYPE, "%s-references.bib", references=True
)
