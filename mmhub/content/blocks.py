"""StreamField blocks for article bodies: text, key-data tables, figures, quotes, references."""

import re

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from mmhub.evidence.blocks import (
    EstimatesTableBlock,
    ForestPlotBlock,
    KaplanMeierBlock,
    TrialDesignBlock,
)

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "superscript", "subscript"]
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
PMCID_PATTERN = re.compile(r"^PMC\d+$")


def _struct_errors(errors):
    return StructBlockValidationError(
        block_errors={name: ValidationError(message) for name, message in errors.items()}
    )


class KeyDataRowBlock(blocks.StructBlock):
    measure = blocks.CharBlock(max_length=120, help_text="e.g. Median PFS")
    value_a = blocks.CharBlock(max_length=80, label="Value, first arm")
    value_b = blocks.CharBlock(max_length=80, label="Value, second arm")
    effect = blocks.CharBlock(
        max_length=120, required=False, help_text="Effect estimate, e.g. HR 0.46; p < 0.0001"
    )


class KeyDataTableBlock(blocks.StructBlock):
    """A results table whose caption always states which arm is which ("data shown as A vs B")."""

    title = blocks.CharBlock(max_length=160)
    arm_a = blocks.CharBlock(max_length=80, label="First arm", help_text="e.g. Lenalidomide")
    arm_b = blocks.CharBlock(max_length=80, label="Second arm", help_text="e.g. Observation")
    rows = blocks.ListBlock(KeyDataRowBlock(), min_num=1)
    note = blocks.CharBlock(max_length=400, required=False, help_text="Abbreviations and caveats")
    source = blocks.CharBlock(
        max_length=200, help_text="Where every figure in the table comes from"
    )

    class Meta:
        icon = "table"
        label = "Key-data table"
        template = "content/blocks/key_data_table.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=300, help_text="What the figure shows, for readers who cannot see it"
    )
    caption = blocks.CharBlock(max_length=400)
    source = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "image"
        template = "content/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=160)
    source = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote.html"


class VideoInterviewBlock(blocks.StructBlock):
    """A video is only published with its full transcript, so the content is accessible without it."""

    video_url = blocks.URLBlock(required=False, help_text="Where the video is hosted")
    duration = blocks.CharBlock(max_length=20, required=False, help_text="e.g. 12 min")
    transcript = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "media"
        label = "Video interview with transcript"
        template = "content/blocks/video_interview.html"


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(
        max_length=300,
        required=False,
        help_text="Vancouver style: Jackson GH, Davies FE, Pawlyn C, et al.",
    )
    title = blocks.CharBlock(max_length=400)
    journal = blocks.CharBlock(max_length=120, help_text="NLM abbreviation, e.g. Lancet Oncol")
    year = blocks.CharBlock(max_length=4, required=False)
    volume = blocks.CharBlock(max_length=20, required=False)
    issue = blocks.CharBlock(max_length=20, required=False)
    pages = blocks.CharBlock(max_length=40, required=False)
    doi = blocks.CharBlock(
        max_length=200, required=False, label="DOI", help_text="e.g. 10.1016/S1470-2045(18)30687-9"
    )
    pmid = blocks.CharBlock(max_length=12, required=False, label="PMID")
    pmcid = blocks.CharBlock(max_length=16, required=False, label="PMCID")
    url = blocks.URLBlock(
        required=False, label="URL", help_text="Only when there is no DOI or PMID"
    )

    class Meta:
        icon = "doc-full"
        template = "content/blocks/reference.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["doi"] and not DOI_PATTERN.match(value["doi"]):
            errors["doi"] = (
                "A DOI starts with 10. and has a slash, e.g. 10.1056/NEJMoa1611750 (no https://doi.org/)."
            )
        if value["pmid"] and not PMID_PATTERN.match(value["pmid"]):
            errors["pmid"] = "A PMID is digits only, e.g. 28379796."
        if value["pmcid"] and not PMCID_PATTERN.match(value["pmcid"]):
            errors["pmcid"] = "A PMCID looks like PMC6318225."
        if value["year"] and not (value["year"].isdigit() and len(value["year"]) == 4):
            errors["year"] = "Give the four-digit year of publication."
        if not (value["doi"] or value["pmid"] or value["url"]):
            errors["doi"] = "Add a DOI, a PMID or a URL so readers can find the source."
        if errors:
            raise _struct_errors(errors)
        return value


class ReferencesBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(ReferenceBlock(), min_num=1, **kwargs)

    class Meta:
        icon = "list-ol"
        label = "References"
        template = "content/blocks/references.html"


class ArticleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    key_data = KeyDataTableBlock()
    trial_results = EstimatesTableBlock()
    trial_design = TrialDesignBlock()
    forest_plot = ForestPlotBlock()
    kaplan_meier = KaplanMeierBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    video = VideoInterviewBlock()
    references = ReferencesBlock()
    # Named by its model label: the content app never imports the polls app (ARCHITECTURE.md).
    poll = SnippetChooserBlock(
        "polls.Poll",
        icon="list-ul",
        label="Poll (Your opinion matters)",
        template="content/blocks/poll.html",
        help_text="Choose or create the poll in Polls; its dates decide when readers see it.",
    )


class TextOnlyBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    quote = QuoteBlock()
