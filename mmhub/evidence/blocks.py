"""Blocks editors put in articles: key data from published estimates, the trial's design, a
forest plot of published hazard ratios, and Kaplan–Meier curves computed from patient data."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from . import services


class EstimatesTableBlock(blocks.StructBlock):
    """The key-data table ("Data shown as A vs B") built from recorded estimates."""

    title = blocks.CharBlock(max_length=160)
    estimates = blocks.ListBlock(SnippetChooserBlock("evidence.ResultEstimate"), min_num=1)
    note = blocks.CharBlock(max_length=400, required=False, help_text="Abbreviations and caveats")

    class Meta:
        icon = "table"
        label = "Key data from trial results"
        template = "content/blocks/key_data_table.html"

    def clean(self, value):
        value = super().clean(value)
        problem = services.mixed_arms(value["estimates"])
        if problem:
            raise blocks.StructBlockValidationError(
                block_errors={"estimates": ValidationError(problem)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["value"] = services.key_data_table(
            value["title"], list(value["estimates"]), value["note"]
        )
        return context


class TrialDesignBlock(blocks.StructBlock):
    trial = SnippetChooserBlock("evidence.Trial")
    heading = blocks.CharBlock(max_length=160, required=False, help_text="Default: Trial design")

    class Meta:
        icon = "list-ol"
        label = "Trial design"
        template = "evidence/blocks/trial_design.html"


class ForestPlotBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    estimates = blocks.ListBlock(
        SnippetChooserBlock("evidence.ResultEstimate"),
        min_num=1,
        help_text="Estimates with a hazard ratio; one row each, in this order",
    )
    favours_left = blocks.CharBlock(max_length=60, required=False, help_text="e.g. Lenalidomide")
    favours_right = blocks.CharBlock(max_length=60, required=False, help_text="e.g. Observation")
    caption = blocks.CharBlock(max_length=400, required=False)

    class Meta:
        icon = "form"
        label = "Forest plot of hazard ratios"
        template = "evidence/blocks/forest_plot.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["plot"] = services.forest_plot(
            value["title"],
            list(value["estimates"]),
            favours_left=value["favours_left"],
            favours_right=value["favours_right"],
        )
        return context


class KaplanMeierBlock(blocks.StructBlock):
    dataset = SnippetChooserBlock("evidence.PatientDataSet", label="Patient-level data set")
    title = blocks.CharBlock(max_length=160)
    reference_arm = blocks.CharBlock(
        max_length=120, help_text="The arm hazard ratios are computed against (exact name)"
    )
    endpoint_label = blocks.CharBlock(max_length=60, default="Overall survival")
    display_unit = blocks.ChoiceBlock(
        choices=[("days", "Days"), ("months", "Months"), ("years", "Years")], default="months"
    )
    risk_interval = blocks.FloatBlock(
        min_value=0.001, help_text="Numbers at risk every … (in the display unit), e.g. 12"
    )
    x_max = blocks.FloatBlock(required=False, help_text="End of the time axis (display unit)")
    confidence_interval = blocks.ChoiceBlock(
        choices=[
            ("log", "log (R's default)"),
            ("log-log", "log(-log) (SAS's default)"),
        ],
        default="log",
    )
    show_ci = blocks.BooleanBlock(required=False, label="Show confidence bands")
    caption = blocks.CharBlock(max_length=600, required=False)

    class Meta:
        icon = "doc-full"
        label = "Kaplan–Meier plot from patient data"
        template = "evidence/blocks/kaplan_meier.html"

    def clean(self, value):
        value = super().clean(value)
        dataset = value["dataset"]
        if dataset is not None and value["reference_arm"] not in dataset.arms:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "reference_arm": ValidationError(
                        "Use one of the data set's arms exactly: " + ", ".join(dataset.arms)
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["km"] = services.kaplan_meier_figure(
            value["dataset"],
            title=value["title"],
            reference_arm=value["reference_arm"],
            endpoint_label=value["endpoint_label"],
            display_unit=value["display_unit"],
            risk_interval=value["risk_interval"],
            x_max=value["x_max"],
            conf_type=value["confidence_interval"],
            show_ci=value["show_ci"],
        )
        return context
