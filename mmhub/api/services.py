"""What the read API returns: articles, areas and trials as plain data, for one reader.

Every article query starts from `readable_articles(reader)`, so an article for verified HCPs
only reaches verified HCPs (and editors) here as everywhere else.

Which trials an article covers comes from the article-trial links (`content.ArticleTrial`),
kept in step with each body's evidence blocks when the page is saved: a trial-design block
names a trial, and "key data from trial results" and forest-plot blocks name published
estimates, each of one trial (`mmhub.evidence.services.evidence_ids`). Kaplan–Meier blocks name
a patient-level data set, which is not linked to a trial record, and key-data tables typed by
hand name none. An article's own body, for its detail, is read as stored (raw JSON), with the
records it names fetched once per kind.

Trials are reference data: registry facts and published results, with no "verified only" flag
of their own. Every account holder gets every trial; the articles listed with a trial are only
those the caller may read.
"""

from django.db.models import Count, Prefetch, Q
from wagtail.rich_text import expand_db_html

from mmhub.content.models import (
    AreaOfInterest,
    ArticlePage,
    ArticleTrial,
    article_cards,
    readable_articles,
)
from mmhub.evidence.models import PatientDataSet, ResultEstimate, Trial
from mmhub.evidence.services import evidence_ids, list_items


class InvalidFilter(ValueError):
    """A well-formed filter value that names nothing: the message says where valid ones are."""


# Articles -------------------------------------------------------------------------------------


def articles_for(reader, *, area=None, article_type=None, after=None, before=None, trial=None):
    """The reader's articles, newest first, narrowed by the list filters."""
    articles = readable_articles(reader)
    if area:
        found = AreaOfInterest.objects.filter(slug=area).first()
        if found is None:
            raise InvalidFilter(
                f"No area of interest has the slug {area!r}. GET /api/v1/areas lists them."
            )
        articles = articles.filter(areas=found)
    if article_type:
        articles = articles.filter(article_type=article_type)
    if after:
        articles = articles.filter(publication_date__gte=after)
    if before:
        articles = articles.filter(publication_date__lte=before)
    if trial:
        found = trial_by_acronym(trial)
        if found is None:
            raise InvalidFilter(
                f"No trial has the acronym {trial!r}. GET /api/v1/trials lists them."
            )
        articles = articles.filter(trial_links__trial=found)
    return article_cards(articles).order_by("-publication_date", "-pk")


def readable_article(reader, article_id):
    """One article the reader may read, or None: missing, unpublished and closed to this reader
    all look the same, so an unverified account cannot learn that a closed article exists."""
    return (
        readable_articles(reader)
        .filter(pk=article_id)
        .select_related("supported_by")
        .prefetch_related("areas")
        .first()
    )


def article_summaries(request, articles):
    """List items for a page of articles (areas prefetched by `article_cards`)."""
    trials = trials_by_article([article.pk for article in articles])
    return [article_summary(request, article, trials.get(article.pk, [])) for article in articles]


def article_summary(request, article, trials):
    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "url": article.get_full_url(request),
        "standfirst": article.standfirst,
        "article_type": article.article_type,
        "publication_date": article.publication_date,
        "last_reviewed": article.last_reviewed,
        "areas": [{"slug": area.slug, "name": area.name} for area in article.areas.all()],
        "verified_only": article.verified_only,
        "trials": [acronym for _, acronym in trials],
    }


def article_detail(request, article):
    raw = list(article.body.raw_data)
    records = evidence_records(raw)
    trials = sorted(
        {(trial.pk, trial.acronym) for trial in records.trials_covered()}, key=lambda t: t[1]
    )
    body = [block for block in (body_block(item, records) for item in raw) if block is not None]
    supporter = article.supported_by
    return {
        **article_summary(request, article, trials),
        "body": body,
        "references": [
            reference
            for block in body
            if block["type"] == "references"
            for reference in block["references"]
        ],
        "supported_by": supporter.name if supporter else None,
        "funding_statement": funding_statement(supporter),
    }


def funding_statement(supporter):
    """The note the article page shows under the title, as plain text."""
    if supporter is None:
        return None
    if supporter.is_educational_grant:
        return (
            "This educational content was supported by an independent educational grant from "
            f"{supporter.name}. The supporter had no influence on its content."
        )
    return (
        f"This educational content was supported by {supporter.name}. "
        "The supporter had no influence on its content."
    )


# Which trials articles cover ------------------------------------------------------------------


def trials_by_article(article_ids):
    """{article id: [(trial id, acronym), …] by acronym}, from the article-trial links; one query."""
    found = {}
    links = (
        ArticleTrial.objects.filter(article_id__in=article_ids)
        .order_by("trial__acronym")
        .values_list("article_id", "trial_id", "trial__acronym")
    )
    for article_id, trial_id, acronym in links:
        found.setdefault(article_id, []).append((trial_id, acronym))
    return found


def covering_articles(articles, trial_ids=None):
    """{trial id: [those of `articles` that cover it, newest first]}: two queries (the links,
    then the articles), whatever the size of the archive."""
    links = ArticleTrial.objects.filter(article__in=articles.values("pk"))
    if trial_ids is not None:
        links = links.filter(trial_id__in=trial_ids)
    pairs = list(links.values_list("trial_id", "article_id"))
    by_id = ArticlePage.objects.only(
        "id", "title", "slug", "url_path", "path", "depth", "publication_date"
    ).in_bulk({article_id for _, article_id in pairs})
    covering = {}
    for trial_id, article_id in pairs:
        covering.setdefault(trial_id, []).append(by_id[article_id])
    for trial_articles in covering.values():
        trial_articles.sort(
            key=lambda article: (article.publication_date, article.pk), reverse=True
        )
    return covering


def readable_articles_by_trial(reader, trial_ids=None):
    return covering_articles(readable_articles(reader), trial_ids)


def trial_by_acronym(acronym):
    if "\x00" in acronym:  # PostgreSQL refuses NUL in text; no acronym can contain one
        return None
    return Trial.objects.filter(acronym__iexact=acronym.strip()).first()


# Areas ----------------------------------------------------------------------------------------


def areas_with_counts(reader):
    readable = Q(articles__in=readable_articles(reader))
    # Django leaves Meta.ordering out of GROUP BY queries, so the editors' order is explicit.
    return AreaOfInterest.objects.annotate(
        article_count=Count("articles", filter=readable)
    ).order_by(*AreaOfInterest._meta.ordering)


def area_summary(area):
    return {
        "slug": area.slug,
        "name": area.name,
        "description": area.description or None,
        "article_count": area.article_count,
    }


# Trials and estimates -------------------------------------------------------------------------


def trials_with_records():
    estimates = ResultEstimate.objects.select_related("data_cut").order_by("pk")
    return Trial.objects.prefetch_related(
        "populations", "endpoints", "data_cuts", Prefetch("estimates", queryset=estimates)
    ).order_by("acronym", "pk")


def trial_by_acronym_or_id(value):
    """`value` is a trial's id or its acronym (any case); None when neither matches."""
    trials = trials_with_records()
    if value.isdigit() and len(value) <= 9:
        found = trials.filter(pk=int(value)).first()
        if found is not None:
            return found
    if "\x00" in value:
        return None
    return trials.filter(acronym__iexact=value.strip()).first()


def trial_detail(request, trial, covering):
    return {
        "id": trial.pk,
        "acronym": trial.acronym,
        "title": trial.title,
        "nct_id": trial.nct_id or None,
        "isrctn": trial.isrctn or None,
        "eudract": trial.eudract or None,
        "phase": trial.phase,
        "masking": trial.masking,
        "adaptive": trial.adaptive,
        "number_of_sites": trial.number_of_sites,
        "countries": [country.code for country in trial.countries],
        "design_summary": trial.design_summary,
        "stages": [stage_data(stage["value"]) for stage in trial.stages.raw_data],
        "populations": [population_data(p) for p in trial.populations.all()],
        "endpoints": [endpoint_data(e) for e in trial.endpoints.all()],
        "data_cuts": [data_cut_data(cut) for cut in trial.data_cuts.all()],
        "estimates": [estimate_data(e, trial=trial) for e in trial.estimates.all()],
        "articles": [article_link(request, article) for article in covering.get(trial.pk, [])],
    }


def article_link(request, article):
    return {"id": article.pk, "title": article.title, "url": article.get_full_url(request)}


def stage_data(value):
    return {
        "name": value.get("name", ""),
        "timing": value.get("timing") or None,
        "eligibility": value.get("eligibility") or None,
        "arms": [
            {"label": arm.get("label", ""), "detail": arm.get("detail") or None}
            for arm in list_items(value.get("arms"))
        ],
        "allocation": [
            {
                "ratio": period.get("ratio", ""),
                "start": period.get("start") or None,
                "end": period.get("end") or None,
            }
            for period in list_items(value.get("allocation"))
        ],
        "stratification": list_items(value.get("stratification")),
    }


def population_data(population):
    return {
        "id": population.pk,
        "name": population.name,
        "kind": population.kind,
        "stage": population.stage or None,
        "description": population.description or None,
        "arm_a": population.arm_a,
        "n_a": population.n_a,
        "arm_b": population.arm_b,
        "n_b": population.n_b,
    }


def endpoint_data(endpoint):
    return {
        "id": endpoint.pk,
        "code": endpoint.code,
        "name": endpoint.name,
        "role": endpoint.role,
        "definition": endpoint.definition or None,
    }


def data_cut_data(cut):
    return {
        "id": cut.pk,
        "label": cut.label,
        "cutoff_date": cut.cutoff_date,
        "median_follow_up": _number(cut.median_follow_up),
        "follow_up_unit": cut.follow_up_unit,
    }


ESTIMATE_NUMBERS = [
    "median_a",
    "median_a_lower",
    "median_a_upper",
    "median_b",
    "median_b_lower",
    "median_b_upper",
    "landmark_a",
    "landmark_a_lower",
    "landmark_a_upper",
    "landmark_b",
    "landmark_b_lower",
    "landmark_b_upper",
    "hr",
    "hr_lower",
    "hr_upper",
]


def estimate_data(estimate, trial=None):
    """`trial` saves a query per estimate when the caller already holds it."""
    trial = trial or estimate.trial
    endpoint, population = estimate.endpoint, estimate.population
    return {
        "id": estimate.pk,
        "trial": trial.acronym,
        "label": estimate.row_label,
        "endpoint": endpoint.code,
        "endpoint_name": endpoint.name,
        "population": population.name,
        "arm_a": population.arm_a,
        "arm_b": population.arm_b,
        "data_cut": estimate.data_cut.label if estimate.data_cut else None,
        "time_unit": estimate.time_unit,
        **{name: _number(getattr(estimate, name)) for name in ESTIMATE_NUMBERS},
        "landmark": estimate.landmark or None,
        "ci_level": estimate.ci_level,
        "p_value": estimate.p_value.strip() or None,
        "source": estimate.source,
        "source_location": estimate.source_location or None,
    }


def _number(value):
    """Decimals as JSON numbers: 0.460 → 0.46 (the precision stored is not a claim)."""
    return None if value is None else float(value)


# Article body blocks --------------------------------------------------------------------------


class EvidenceRecords:
    """The trials, estimates, data sets and polls a body names, fetched once per kind."""

    def __init__(self, trials, estimates, datasets, polls):
        self.trials, self.estimates, self.datasets, self.polls = trials, estimates, datasets, polls

    def trials_covered(self):
        return [*self.trials.values(), *(e.trial for e in self.estimates.values())]


def evidence_records(raw):
    trial_ids, estimate_ids = evidence_ids(raw)
    dataset_ids = {b["value"].get("dataset") for b in raw if b["type"] == "kaplan_meier"} - {None}
    poll_ids = {b["value"] for b in raw if b["type"] == "poll" and b["value"]}
    return EvidenceRecords(
        trials=Trial.objects.in_bulk(trial_ids) if trial_ids else {},
        estimates=(
            ResultEstimate.objects.select_related("data_cut").in_bulk(estimate_ids)
            if estimate_ids
            else {}
        ),
        datasets=(
            # Not the records: a data set can hold thousands of patients.
            PatientDataSet.objects.only("id", "name", "source", "is_reconstructed").in_bulk(
                dataset_ids
            )
            if dataset_ids
            else {}
        ),
        polls=_polls(poll_ids),
    )


def _polls(poll_ids):
    if not poll_ids:
        return {}
    from django.apps import apps

    return apps.get_model("polls", "Poll").objects.only("id", "question").in_bulk(poll_ids)


def body_block(item, records):
    """One body block as data; None for a block type this version of the API does not know."""
    serializer = BLOCK_SERIALIZERS.get(item["type"])
    if serializer is None:
        return None
    return {"type": item["type"], "id": item.get("id"), **serializer(item["value"], records)}


def _text(value, records):
    return {"html": expand_db_html(value or "")}


def _key_data(value, records):
    return {
        "title": value.get("title", ""),
        "arm_a": value.get("arm_a", ""),
        "arm_b": value.get("arm_b", ""),
        "rows": [
            {
                "measure": row.get("measure", ""),
                "value_a": row.get("value_a", ""),
                "value_b": row.get("value_b", ""),
                "effect": row.get("effect") or None,
            }
            for row in list_items(value.get("rows"))
        ],
        "note": value.get("note") or None,
        "source": value.get("source") or None,
    }


def _estimates(value, records):
    found = (records.estimates.get(pk) for pk in list_items(value.get("estimates")))
    return [estimate_data(estimate) for estimate in found if estimate is not None]


def _trial_results(value, records):
    return {
        "title": value.get("title", ""),
        "note": value.get("note") or None,
        "estimates": _estimates(value, records),
    }


def _trial_design(value, records):
    trial = records.trials.get(value.get("trial"))
    return {
        "heading": value.get("heading") or None,
        "trial": {"id": trial.pk, "acronym": trial.acronym} if trial else None,
    }


def _forest_plot(value, records):
    return {
        "title": value.get("title", ""),
        "favours_left": value.get("favours_left") or None,
        "favours_right": value.get("favours_right") or None,
        "caption": value.get("caption") or None,
        "estimates": _estimates(value, records),
    }


def _kaplan_meier(value, records):
    dataset = records.datasets.get(value.get("dataset"))
    return {
        "title": value.get("title", ""),
        "dataset": (
            {
                "name": dataset.name,
                "source": dataset.source,
                "is_reconstructed": dataset.is_reconstructed,
            }
            if dataset
            else None
        ),
        "reference_arm": value.get("reference_arm", ""),
        "endpoint_label": value.get("endpoint_label") or None,
        "display_unit": value.get("display_unit") or None,
        "caption": value.get("caption") or None,
    }


def _figure(value, records):
    return {
        "alt_text": value.get("alt_text", ""),
        "caption": value.get("caption", ""),
        "source": value.get("source") or None,
    }


def _quote(value, records):
    return {
        "text": value.get("text", ""),
        "attribution": value.get("attribution", ""),
        "source": value.get("source") or None,
    }


def _video(value, records):
    return {
        "video_url": value.get("video_url") or None,
        "duration": value.get("duration") or None,
        "transcript_html": expand_db_html(value.get("transcript") or ""),
    }


REFERENCE_FIELDS = [
    "authors",
    "title",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
]


def _references(value, records):
    return {
        "references": [
            {name: (reference.get(name) or None) for name in REFERENCE_FIELDS}
            for reference in list_items(value)
        ]
    }


def _poll(value, records):
    poll = records.polls.get(value)
    return {"question": poll.question if poll else None}


BLOCK_SERIALIZERS = {
    "text": _text,
    "key_data": _key_data,
    "trial_results": _trial_results,
    "trial_design": _trial_design,
    "forest_plot": _forest_plot,
    "kaplan_meier": _kaplan_meier,
    "figure": _figure,
    "quote": _quote,
    "video": _video,
    "references": _references,
    "poll": _poll,
}
