"""The shapes of the read API's responses, version 1: what the OpenAPI schema documents.

Conventions: a value the source does not give is null, never an empty string; numbers are JSON
numbers (published decimals such as a hazard ratio of 0.46 arrive as 0.46); dates are ISO
8601 (YYYY-MM-DD); p values are strings as published ("< 0.0001").
"""

import re
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from mmhub.content.models import ArticleType
from mmhub.evidence.models import EndpointRole, Masking, Phase, PopulationKind

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Far beyond any archive, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    """YYYY-MM-DD only: pydantic alone would also read "1700000000" as a Unix time."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("Give a date as YYYY-MM-DD, e.g. 2024-06-30")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Error(Schema):
    detail: str = Field(description="What went wrong and what to do about it, in English")


class ValidationError(Schema):
    detail: list[dict[str, Any]] = Field(
        description="One entry per invalid parameter: loc (where), msg (what), type"
    )


class Page(Schema):
    count: int = Field(description="Items matching the request, on all pages")
    next: str | None = Field(description="The next page's URL; null on the last page")
    previous: str | None = Field(description="The previous page's URL; null on the first page")


class PageParams(Schema):
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


# Articles -------------------------------------------------------------------------------------


class ArticleFilters(PageParams):
    area: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="An area of interest's slug (GET /api/v1/areas lists them)",
    )
    type: ArticleType | None = Field(None, description="Only articles of this type")
    published_after: IsoDate | None = Field(None, description="Published on or after this date")
    published_before: IsoDate | None = Field(None, description="Published on or before this date")
    trial: str | None = Field(
        None,
        min_length=1,
        max_length=60,
        description="A trial's acronym, any case (GET /api/v1/trials lists them)",
    )


class AreaRef(Schema):
    slug: str
    name: str


class ArticleSummary(Schema):
    id: int
    title: str
    slug: str
    url: str = Field(description="The article on the site, in the site's default language")
    standfirst: str
    article_type: ArticleType
    publication_date: date
    last_reviewed: date
    areas: list[AreaRef]
    verified_only: bool = Field(description="Readable by verified HCPs only")
    trials: list[str] = Field(description="Acronyms of the trials the article presents data from")


class ArticleList(Page):
    results: list[ArticleSummary]


class Reference(Schema):
    authors: str | None
    title: str | None
    journal: str | None
    year: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    pmcid: str | None
    url: str | None


class Estimate(Schema):
    """One published result: an endpoint in a population, first arm (a) against second arm (b)."""

    id: int
    trial: str = Field(description="The trial's acronym")
    label: str = Field(description="The row label: the editor's, or endpoint and population")
    endpoint: str = Field(description="The endpoint's code, e.g. PFS")
    endpoint_name: str
    population: str = Field(description="The population's name")
    arm_a: str
    arm_b: str
    data_cut: str | None = Field(description="The data cut's label")
    time_unit: str = Field(description="Unit of the medians, e.g. months")
    median_a: float | None
    median_a_lower: float | None
    median_a_upper: float | None
    median_b: float | None
    median_b_lower: float | None
    median_b_upper: float | None
    landmark_a: float | None = Field(description="Landmark rate, first arm, in %")
    landmark_a_lower: float | None
    landmark_a_upper: float | None
    landmark_b: float | None = Field(description="Landmark rate, second arm, in %")
    landmark_b_lower: float | None
    landmark_b_upper: float | None
    hr: float | None = Field(description="Hazard ratio, first arm against second")
    hr_lower: float | None
    hr_upper: float | None
    landmark: str | None = Field(description="When the landmark rates apply, e.g. 3-year")
    ci_level: int = Field(description="Confidence level of every interval, in %")
    p_value: str | None = Field(description='As published, e.g. "< 0.0001" or "0.15"')
    source: str
    source_location: str | None = Field(description="Table or figure in the source")


class TextBlock(Schema):
    type: Literal["text"]
    id: str | None
    html: str = Field(description="Rich text from the site's editor, links expanded")


class KeyDataRow(Schema):
    measure: str
    value_a: str
    value_b: str
    effect: str | None


class KeyDataBlock(Schema):
    type: Literal["key_data"]
    id: str | None
    title: str
    arm_a: str
    arm_b: str
    rows: list[KeyDataRow]
    note: str | None
    source: str | None


class TrialResultsBlock(Schema):
    type: Literal["trial_results"]
    id: str | None
    title: str
    note: str | None
    estimates: list[Estimate]


class TrialRef(Schema):
    id: int
    acronym: str


class TrialDesignBlock(Schema):
    type: Literal["trial_design"]
    id: str | None
    heading: str | None
    trial: TrialRef | None = Field(description="null if the trial record was deleted")


class ForestPlotBlock(Schema):
    type: Literal["forest_plot"]
    id: str | None
    title: str
    favours_left: str | None
    favours_right: str | None
    caption: str | None
    estimates: list[Estimate]


class PatientDataSetRef(Schema):
    name: str
    source: str
    is_reconstructed: bool = Field(description="Rebuilt from a published Kaplan–Meier figure")


class KaplanMeierBlock(Schema):
    """Curves computed from patient-level data; the figure itself is on the article page."""

    type: Literal["kaplan_meier"]
    id: str | None
    title: str
    dataset: PatientDataSetRef | None
    reference_arm: str
    endpoint_label: str | None
    display_unit: str | None
    caption: str | None


class FigureBlock(Schema):
    """An image on the article page; the API gives its description, not the image."""

    type: Literal["figure"]
    id: str | None
    alt_text: str
    caption: str
    source: str | None


class QuoteBlock(Schema):
    type: Literal["quote"]
    id: str | None
    text: str
    attribution: str
    source: str | None


class VideoBlock(Schema):
    type: Literal["video"]
    id: str | None
    video_url: str | None
    duration: str | None
    transcript_html: str


class ReferencesBlock(Schema):
    type: Literal["references"]
    id: str | None
    references: list[Reference]


class PollBlock(Schema):
    """A reader poll; vote on the article page."""

    type: Literal["poll"]
    id: str | None
    question: str | None


BodyBlock = Annotated[
    TextBlock
    | KeyDataBlock
    | TrialResultsBlock
    | TrialDesignBlock
    | ForestPlotBlock
    | KaplanMeierBlock
    | FigureBlock
    | QuoteBlock
    | VideoBlock
    | ReferencesBlock
    | PollBlock,
    Field(discriminator="type"),
]


class ArticleDetail(ArticleSummary):
    body: list[BodyBlock]
    references: list[Reference] = Field(description="Every reference in the body, in order")
    supported_by: str | None = Field(description="The sponsor that supported the article")
    funding_statement: str | None = Field(description="The support note the article page shows")


# Areas ----------------------------------------------------------------------------------------


class Area(Schema):
    slug: str
    name: str
    description: str | None
    article_count: int = Field(description="Published articles in this area that you may read")


class AreaList(Page):
    results: list[Area]


# Trials ---------------------------------------------------------------------------------------


class Arm(Schema):
    label: str
    detail: str | None


class AllocationPeriod(Schema):
    ratio: str = Field(description="e.g. 2:1, in the order of the arms")
    start: date | None
    end: date | None


class RandomisationStage(Schema):
    name: str
    timing: str | None
    eligibility: str | None
    arms: list[Arm]
    allocation: list[AllocationPeriod]
    stratification: list[str]


class Population(Schema):
    id: int
    name: str
    kind: PopulationKind
    stage: str | None = Field(description="The randomisation this population belongs to")
    description: str | None
    arm_a: str
    n_a: int | None
    arm_b: str
    n_b: int | None


class Endpoint(Schema):
    id: int
    code: str
    name: str
    role: EndpointRole
    definition: str | None


class DataCut(Schema):
    id: int
    label: str
    cutoff_date: date | None
    median_follow_up: float | None
    follow_up_unit: str


class ArticleLink(Schema):
    id: int
    title: str
    url: str


class Trial(Schema):
    id: int
    acronym: str
    title: str
    nct_id: str | None = Field(description="ClinicalTrials.gov identifier")
    isrctn: str | None
    eudract: str | None
    phase: Phase
    masking: Masking
    adaptive: bool
    number_of_sites: int | None
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    design_summary: str
    stages: list[RandomisationStage] = Field(description="In the order patients pass through them")
    populations: list[Population]
    endpoints: list[Endpoint]
    data_cuts: list[DataCut]
    estimates: list[Estimate]
    articles: list[ArticleLink] = Field(description="Articles on this trial that you may read")


class TrialList(Page):
    results: list[Trial]
