"""Trial records, published estimates and patient-level data sets in the Wagtail admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import PatientDataSet, ResultEstimate, Trial


class TrialViewSet(SnippetViewSet):
    model = Trial
    icon = "clipboard-list"
    menu_label = "Trials"
    list_display = ["acronym", "title", "phase", "nct_id"]
    search_fields = ["acronym", "title", "nct_id"]


class ResultEstimateViewSet(SnippetViewSet):
    model = ResultEstimate
    icon = "table"
    menu_label = "Published estimates"
    list_display = ["__str__", "hr", "p_value", "source"]
    list_filter = ["trial"]


class PatientDataSetViewSet(SnippetViewSet):
    model = PatientDataSet
    icon = "table"
    menu_label = "Patient-level data"
    list_display = ["name", "subject_count", "time_unit", "is_reconstructed", "imported_at"]


class EvidenceGroup(SnippetViewSetGroup):
    menu_label = "Trial evidence"
    menu_icon = "clipboard-list"
    menu_order = 240
    items = (TrialViewSet, ResultEstimateViewSet, PatientDataSetViewSet)


register_snippet(EvidenceGroup)
