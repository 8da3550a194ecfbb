"""Which trials an article shows is recorded when it is published, and follows later edits."""

from mmhub.content.models import ArticleTrial
from mmhub.evidence.models import ResultEstimate, Trial


def linked(article):
    return set(
        ArticleTrial.objects.filter(article=article).values_list("trial__acronym", flat=True)
    )


def test_the_demo_flagship_is_linked_to_its_trial(flagship):
    assert linked(flagship) == {"Myeloma XI"}
    assert "NCT01554852" in flagship.trial_terms()


def test_links_follow_published_revisions_not_drafts(flagship):
    maia = Trial.objects.create(
        acronym="MAIA",
        title="Daratumumab, lenalidomide and dexamethasone",
        phase="3",
        masking="open_label",
        design_summary="Randomised.",
    )
    estimate = ResultEstimate.objects.filter(trial__acronym="Myeloma XI").first()
    assert estimate is not None

    flagship.body = [("text", "<p>Now only MAIA.</p>"), ("trial_design", {"trial": maia})]
    revision = flagship.save_revision()
    assert linked(flagship) == {"Myeloma XI"}  # a draft changes nothing readers see

    revision.publish()
    assert linked(flagship) == {"MAIA"}

    flagship.body = [
        ("trial_results", {"title": "PFS", "estimates": [estimate], "note": ""}),
        ("trial_design", {"trial": maia}),
    ]
    flagship.save_revision().publish()
    assert linked(flagship) == {"MAIA", "Myeloma XI"}

    maia.delete()
    assert linked(flagship) == {"Myeloma XI"}
