"""Structured trial records: design, populations, endpoints, data cuts and published estimates,
and patient-level data sets from which survival is computed.

Published numbers are stored as published: a value the source does not give stays empty, and a
confidence interval is stored only as a pair of published limits, never computed here.
"""

import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from .forms import PatientDataSetForm

NCT_PATTERN = re.compile(r"^NCT\d{8}$")
ISRCTN_PATTERN = re.compile(r"^ISRCTN\d{8}$")
EUDRACT_PATTERN = re.compile(r"^\d{4}-\d{6}-\d{2}$")
RATIO_PATTERN = re.compile(r"^\d+(:\d+)+$")


class Phase(models.TextChoices):
    # Translators: the phase of a clinical trial.
    PHASE_1 = "1", _("Phase 1")
    PHASE_1_2 = "1/2", _("Phase 1/2")
    PHASE_2 = "2", _("Phase 2")
    PHASE_2_3 = "2/3", _("Phase 2/3")
    PHASE_3 = "3", _("Phase 3")
    PHASE_4 = "4", _("Phase 4")


class Masking(models.TextChoices):
    # Translators: blinding of a clinical trial; use the usual medical terms.
    OPEN_LABEL = "open_label", _("Open-label")
    SINGLE_BLIND = "single_blind", _("Single-blind")
    DOUBLE_BLIND = "double_blind", _("Double-blind")


class AllocationPeriodBlock(blocks.StructBlock):
    ratio = blocks.CharBlock(max_length=20, help_text="e.g. 1:1 or 2:1, in the order of the arms")
    start = blocks.DateBlock(required=False, label="From")
    end = blocks.DateBlock(required=False, label="To")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not RATIO_PATTERN.match(value["ratio"].replace(" ", "")):
            errors["ratio"] = ValidationError("Write the ratio as whole numbers, e.g. 1:1 or 2:1.")
        if value["start"] and value["end"] and value["end"] < value["start"]:
            errors["end"] = ValidationError("The period cannot end before it starts.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class RandomisationStageBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="e.g. Maintenance randomisation")
    timing = blocks.CharBlock(
        max_length=200, required=False, help_text="When patients are randomised, e.g. after ASCT"
    )
    eligibility = blocks.TextBlock(required=False, help_text="Who enters this randomisation")
    arms = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("label", blocks.CharBlock(max_length=120)),
                ("detail", blocks.CharBlock(max_length=300, required=False)),
            ]
        ),
        min_num=1,
    )
    allocation = blocks.ListBlock(AllocationPeriodBlock(), min_num=0, label="Allocation ratio")
    stratification = blocks.ListBlock(
        blocks.CharBlock(max_length=120), min_num=0, label="Stratification factors"
    )

    class Meta:
        icon = "list-ol"


class Trial(index.Indexed, ClusterableModel):
    acronym = models.CharField(max_length=60, unique=True, help_text="e.g. Myeloma XI")
    title = models.CharField(max_length=400, help_text="The registered scientific title")
    nct_id = models.CharField("ClinicalTrials.gov", max_length=11, blank=True)
    isrctn = models.CharField("ISRCTN", max_length=14, blank=True)
    eudract = models.CharField("EudraCT", max_length=14, blank=True)
    phase = models.CharField(max_length=3, choices=Phase.choices)
    masking = models.CharField(max_length=20, choices=Masking.choices)
    adaptive = models.BooleanField("adaptive design", default=False)
    number_of_sites = models.PositiveIntegerField(null=True, blank=True)
    countries = CountryField(multiple=True, blank=True)
    design_summary = models.TextField()
    stages = StreamField(
        [("stage", RandomisationStageBlock())],
        blank=True,
        help_text="Randomisations in the order patients pass through them",
    )

    panels = [
        FieldPanel("acronym"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("nct_id"), FieldPanel("isrctn"), FieldPanel("eudract")]),
        FieldRowPanel([FieldPanel("phase"), FieldPanel("masking"), FieldPanel("adaptive")]),
        FieldRowPanel([FieldPanel("number_of_sites"), FieldPanel("countries")]),
        FieldPanel("design_summary"),
        FieldPanel("stages"),
        InlinePanel("populations", heading="Populations", label="Population"),
        InlinePanel("endpoints", heading="Endpoints", label="Endpoint"),
        InlinePanel("data_cuts", heading="Data cuts", label="Data cut"),
    ]
    search_fields = [
        index.SearchField("acronym"),
        index.AutocompleteField("acronym"),
        index.SearchField("title"),
        index.SearchField("nct_id"),
    ]

    class Meta:
        ordering = ["acronym"]

    def __str__(self):
        return self.acronym

    @property
    def registry_ids(self):
        return [value for value in (self.nct_id, self.isrctn, self.eudract) if value]

    def clean(self):
        super().clean()
        errors = {}
        checks = [
            ("nct_id", NCT_PATTERN, "NCT followed by 8 digits, e.g. NCT01554852"),
            ("isrctn", ISRCTN_PATTERN, "ISRCTN followed by 8 digits, e.g. ISRCTN49407852"),
            ("eudract", EUDRACT_PATTERN, "year-6 digits-2 digits, e.g. 2009-010956-93"),
        ]
        for field, pattern, expected in checks:
            value = getattr(self, field).strip().upper()
            setattr(self, field, value)
            if value and not pattern.match(value):
                errors[field] = f"Use the registry's form: {expected}."
        if errors:
            raise ValidationError(errors)


class PopulationKind(models.TextChoices):
    ITT = "itt", "Intention to treat"
    SAFETY = "safety", "Safety"
    PER_PROTOCOL = "per_protocol", "Per protocol"
    SUBGROUP = "subgroup", "Subgroup"


class Population(Orderable):
    trial = ParentalKey(Trial, on_delete=models.CASCADE, related_name="populations")
    name = models.CharField(max_length=160, help_text="e.g. Transplant-eligible, maintenance ITT")
    kind = models.CharField(max_length=20, choices=PopulationKind.choices)
    stage = models.CharField(
        max_length=120, blank=True, help_text="The randomisation this population belongs to"
    )
    description = models.CharField(max_length=300, blank=True)
    arm_a = models.CharField("first arm", max_length=120)
    n_a = models.PositiveIntegerField("N, first arm", null=True, blank=True)
    arm_b = models.CharField("second arm", max_length=120)
    n_b = models.PositiveIntegerField("N, second arm", null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("stage")]),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("arm_a"), FieldPanel("n_a"), FieldPanel("arm_b"), FieldPanel("n_b")]
        ),
    ]

    def __str__(self):
        return f"{self.trial} – {self.name}"

    @property
    def n_label(self):
        if self.n_a is None or self.n_b is None:
            return ""
        return f"{self.n_a:,} vs {self.n_b:,}"


class EndpointRole(models.TextChoices):
    PRIMARY = "primary", "Primary"
    CO_PRIMARY = "co_primary", "Co-primary"
    SECONDARY = "secondary", "Secondary"
    EXPLORATORY = "exploratory", "Exploratory"


class Endpoint(Orderable):
    trial = ParentalKey(Trial, on_delete=models.CASCADE, related_name="endpoints")
    code = models.CharField(max_length=20, help_text="Short name, e.g. PFS, OS, PFS2, ORR")
    name = models.CharField(max_length=120, help_text="e.g. Progression-free survival")
    role = models.CharField(max_length=20, choices=EndpointRole.choices)
    definition = models.TextField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("definition"),
    ]

    def __str__(self):
        return f"{self.trial} – {self.code}"


class DataCut(Orderable):
    trial = ParentalKey(Trial, on_delete=models.CASCADE, related_name="data_cuts")
    label = models.CharField(max_length=120, help_text="e.g. Primary maintenance analysis")
    cutoff_date = models.DateField(null=True, blank=True)
    median_follow_up = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    follow_up_unit = models.CharField(max_length=10, default="months")

    panels = [
        FieldRowPanel(
            [
                FieldPanel("label"),
                FieldPanel("cutoff_date"),
                FieldPanel("median_follow_up"),
                FieldPanel("follow_up_unit"),
            ]
        )
    ]

    def __str__(self):
        return f"{self.trial} – {self.label}"


class ResultEstimateManager(models.Manager):
    def get_queryset(self):
        # Every table, plot and admin list shows the trial, endpoint and population of each
        # estimate: fetch them with it (blocks load their chosen estimates in one query).
        return super().get_queryset().select_related("trial", "endpoint", "population")


class ResultEstimate(models.Model):
    """One published result: an endpoint in a population, with each number's source.

    Every number is optional because publications report different things; what a source does
    not report stays empty and is shown as "not reported", never filled in.
    """

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="estimates")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="estimates")
    population = models.ForeignKey(Population, on_delete=models.PROTECT, related_name="estimates")
    data_cut = models.ForeignKey(
        DataCut, null=True, blank=True, on_delete=models.PROTECT, related_name="estimates"
    )
    label = models.CharField(
        max_length=160, blank=True, help_text="Optional row label; default: endpoint and population"
    )
    time_unit = models.CharField(max_length=10, default="months")

    median_a = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    median_a_lower = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    median_a_upper = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    median_b = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    median_b_lower = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    median_b_upper = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    landmark = models.CharField(
        max_length=40, blank=True, help_text="The time of a landmark rate, e.g. 3-year"
    )
    landmark_a = models.DecimalField(
        "landmark rate, first arm (%)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    landmark_a_lower = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    landmark_a_upper = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    landmark_b = models.DecimalField(
        "landmark rate, second arm (%)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    landmark_b_lower = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    landmark_b_upper = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    hr = models.DecimalField("hazard ratio", max_digits=6, decimal_places=3, null=True, blank=True)
    hr_lower = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    hr_upper = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    ci_level = models.PositiveSmallIntegerField("CI level (%)", default=95)
    p_value = models.CharField(
        max_length=20, blank=True, help_text='As published, e.g. "< 0.0001" or "0.15"'
    )

    source = models.CharField(max_length=200, help_text="Publication, e.g. Jackson et al. 2019")
    source_location = models.CharField(
        max_length=120, blank=True, help_text="Table or figure, e.g. Table 2, Figure 2A"
    )

    objects = ResultEstimateManager()

    panels = [
        FieldPanel("trial"),
        FieldRowPanel([FieldPanel("endpoint"), FieldPanel("population"), FieldPanel("data_cut")]),
        FieldRowPanel([FieldPanel("label"), FieldPanel("time_unit")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("median_a"),
                        FieldPanel("median_a_lower"),
                        FieldPanel("median_a_upper"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("median_b"),
                        FieldPanel("median_b_lower"),
                        FieldPanel("median_b_upper"),
                    ]
                ),
            ],
            heading="Medians (first arm, second arm)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("landmark"),
                FieldRowPanel(
                    [
                        FieldPanel("landmark_a"),
                        FieldPanel("landmark_a_lower"),
                        FieldPanel("landmark_a_upper"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("landmark_b"),
                        FieldPanel("landmark_b_lower"),
                        FieldPanel("landmark_b_upper"),
                    ]
                ),
            ],
            heading="Landmark rates",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("hr"),
                        FieldPanel("hr_lower"),
                        FieldPanel("hr_upper"),
                        FieldPanel("ci_level"),
                    ]
                ),
                FieldPanel("p_value"),
            ],
            heading="Effect",
        ),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_location")]),
    ]

    class Meta:
        ordering = ["trial", "id"]

    def __str__(self):
        return f"{self.trial}: {self.row_label}"

    @property
    def row_label(self):
        if self.label:
            return self.label
        return f"{self.endpoint.name}, {self.population.name}"

    @property
    def citation(self):
        return f"{self.source}, {self.source_location}" if self.source_location else self.source

    def clean(self):
        super().clean()
        errors = {}
        if self.endpoint_id and self.trial_id and self.endpoint.trial_id != self.trial_id:
            errors["endpoint"] = "Choose an endpoint of this trial."
        if self.population_id and self.trial_id and self.population.trial_id != self.trial_id:
            errors["population"] = "Choose a population of this trial."
        if self.data_cut_id and self.trial_id and self.data_cut.trial_id != self.trial_id:
            errors["data_cut"] = "Choose a data cut of this trial."
        for stem in ("median_a", "median_b", "landmark_a", "landmark_b", "hr"):
            errors.update(_check_interval(self, stem))
        if self.hr is not None and self.hr <= 0:
            errors["hr"] = "A hazard ratio is above 0."
        for field in ("landmark_a", "landmark_b"):
            value = getattr(self, field)
            if value is not None and not 0 <= value <= 100:
                errors[field] = "A rate is a percentage between 0 and 100."
        if (
            not any(
                getattr(self, name) is not None
                for name in ("median_a", "median_b", "landmark_a", "landmark_b", "hr")
            )
            and not self.p_value
        ):
            errors["source"] = "Enter at least one published number (a median, a rate or an HR)."
        if errors:
            raise ValidationError(errors)


def _check_interval(estimate, stem):
    """A CI is a pair of published limits around the estimate: never one limit, never alone."""
    value = getattr(estimate, stem)
    lower = getattr(estimate, f"{stem}_lower")
    upper = getattr(estimate, f"{stem}_upper")
    if lower is None and upper is None:
        return {}
    if lower is None or upper is None:
        missing = f"{stem}_lower" if lower is None else f"{stem}_upper"
        return {missing: "Enter both limits of the confidence interval as published, or neither."}
    if value is None:
        return {stem: "A confidence interval needs the estimate it belongs to."}
    if not lower <= value <= upper:
        return {f"{stem}_lower": "The estimate must lie between the lower and upper limits."}
    return {}


class TimeUnit(models.TextChoices):
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"
    YEARS = "years", "Years"


class PatientDataSet(models.Model):
    """Patient-level time-to-event data (one row per subject), imported whole or not at all."""

    base_form_class = PatientDataSetForm

    name = models.CharField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=400, help_text="Where the data come from, with citation")
    is_reconstructed = models.BooleanField(
        "reconstructed from a published figure",
        default=False,
        help_text="Pseudo-patient data rebuilt from a published Kaplan–Meier figure (Guyot 2012)",
    )
    time_unit = models.CharField(
        max_length=10,
        choices=TimeUnit.choices,
        default=TimeUnit.DAYS,
        help_text="The unit of the time column",
    )
    file_format = models.CharField(max_length=10, editable=False)
    records = models.JSONField(
        default=list, editable=False, help_text="[subject, arm, time, event, stratum] per subject"
    )
    arms = models.JSONField(default=list, editable=False)
    data_hash = models.CharField(max_length=64, editable=False, db_index=True)
    imported_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("source"),
        FieldRowPanel([FieldPanel("time_unit"), FieldPanel("is_reconstructed")]),
        FieldPanel("upload"),
        FieldPanel("paramcd"),
    ]

    class Meta:
        verbose_name = "patient-level data set"

    def __str__(self):
        return self.name

    @property
    def subject_count(self):
        return len(self.records)

    def set_records(self, patient_data):
        """Store a validated `importer.PatientData`; the hash identifies the data for caches."""
        self.records = [
            [record.subject, record.arm, record.time, int(record.event), record.stratum]
            for record in patient_data.records
        ]
        self.arms = list(patient_data.arms)
        self.file_format = patient_data.format
        canonical = json.dumps(self.records, separators=(",", ":"), sort_keys=True)
        self.data_hash = hashlib.sha256(canonical.encode()).hexdigest()

    def columns(self):
        """(subjects, arms, times, events) as parallel lists."""
        if not self.records:
            return [], [], [], []
        subjects, arms, times, events, _ = zip(*self.records, strict=True)
        return list(subjects), list(arms), list(times), list(events)
