"""Evidence blocks in the demo articles: what they render, and that figures are cached by data."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from mmhub.content.models import ArticlePage
from mmhub.evidence import services, stats
from mmhub.evidence.blocks import KaplanMeierBlock
from mmhub.evidence.demo import FLCHAIN_NAME, FLCHAIN_REST, FLCHAIN_TOP
from mmhub.evidence.models import PatientDataSet
from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.django_db
KM_SLUG = "methods-survival-curves-from-patient-level-data"


def blocks_of(page, kind):
    return [block for block in page.body if block.block_type == kind]


def test_the_flagship_carries_design_key_data_and_forest_plot(hcp_client, flagship):
    assert [b.block_type for b in flagship.body if b.block_type != "text"] == [
        "trial_design",
        "trial_results",
        "trial_results",
        "forest_plot",
        "references",
    ]
    body = hcp_client.get(FLAGSHIP_PATH).content.decode()
    assert "Trial design: Myeloma XI" in body
    assert "Randomisation 3</span> Maintenance" in body
    assert "Induction allocation, Intensification allocation, Centre" in body
    assert body.count("Data shown as Lenalidomide vs Observation") == 2
    assert "HR 0.46; p &lt; 0.0001" in body and "HR 0.87; p = 0.15" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert "Show the data as a table" in body
    assert body.count("Not reported") >= 2  # no HR was published for the transplant-eligible rows


def test_the_methods_article_computes_what_it_shows(hcp_client, demo_site):
    article = ArticlePage.objects.get(slug=KM_SLUG)
    body = hcp_client.get(article.url).content.decode()
    dataset = PatientDataSet.objects.get(name=FLCHAIN_NAME)
    _, arms, times, events = dataset.columns()
    summary = stats.two_arm_summary(
        [t / 365.25 for t in times], events, arms, reference=FLCHAIN_REST
    )

    assert dataset.subject_count == 7874 and sum(events) == 2169
    assert "Methods illustration" in body
    assert "Number at risk" in body
    hr = summary.hazard_ratio
    assert f"HR {hr.hr:.2f} (95% CI {hr.lower:.2f}–{hr.upper:.2f})" in body
    assert hr.hr > 1  # the top FLC decile did worse, as Dispenzieri et al. reported
    for curve in summary.curves:
        assert f'<th scope="row">{curve.label}</th><td>{curve.n}</td><td>{curve.events}</td>' in (
            body
        )
    assert "log (R&#x27;s default)" in body or "log (R's default)" in body


def test_a_figure_is_computed_once_per_data_and_options(demo_site, monkeypatch):
    dataset = PatientDataSet.objects.get(name=FLCHAIN_NAME)
    calls = []
    real = services.compute_kaplan_meier_figure
    monkeypatch.setattr(
        services,
        "compute_kaplan_meier_figure",
        lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs),
    )
    options = dict(title="T", reference_arm=FLCHAIN_REST, display_unit="years", risk_interval=2)
    first = services.kaplan_meier_figure(dataset, **options)
    again = services.kaplan_meier_figure(dataset, **options)
    assert first == again and len(calls) == 1
    services.kaplan_meier_figure(
        dataset, **{**options, "display_unit": "months", "risk_interval": 24}
    )
    assert len(calls) == 2


def test_the_reference_arm_must_be_one_of_the_data_sets_arms(demo_site):
    block = KaplanMeierBlock()
    dataset = PatientDataSet.objects.get(name=FLCHAIN_NAME)
    value = block.to_python(
        {
            "dataset": dataset.pk,
            "title": "T",
            "reference_arm": "Placebo",
            "endpoint_label": "OS",
            "display_unit": "years",
            "risk_interval": 2,
            "confidence_interval": "log",
        }
    )
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    message = refused.value.block_errors["reference_arm"].messages[0]
    assert FLCHAIN_TOP in message and FLCHAIN_REST in message


def test_evidence_blocks_load_their_estimates_in_constant_queries(flagship):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mmhub.evidence.blocks import ForestPlotBlock
    from mmhub.evidence.models import ResultEstimate

    block = ForestPlotBlock()
    ids = list(ResultEstimate.objects.values_list("pk", flat=True))

    def queries(count):
        """Loading the chosen estimates (as a page's StreamField does) and rendering them."""
        with CaptureQueriesContext(connection) as context:
            block.render(block.to_python({"title": f"T{count}", "estimates": ids[:count]}))
        return len(context.captured_queries)

    assert queries(1) == queries(4) == 1
