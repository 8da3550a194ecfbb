"""Article body blocks: references render as citations with working links; bad identifiers are refused."""

import pytest
from django.core.exceptions import ValidationError

from mmhub.content.blocks import KeyDataTableBlock, ReferenceBlock, ReferencesBlock
from mmhub.content.demo.articles_library import DURIE_2017

# A real, fully identified reference from the demo library (DOI, PMID and PMCID all checked).
REFERENCE = DURIE_2017()


def clean_reference(**changes):
    block = ReferenceBlock()
    return block.clean(block.to_python({**REFERENCE, **changes}))


def test_reference_renders_as_a_vancouver_citation_with_links():
    block = ReferencesBlock()
    html = block.render(block.to_python([REFERENCE]))

    assert "<ol>" in html and 'id="ref-1"' in html
    assert "Durie BGM, Hoering A, Abidi MH, et al. Bortezomib with lenalidomide" in html
    assert "<i>Lancet</i>. 2017;389(10068):519-527." in html
    assert 'href="https://doi.org/10.1016/S0140-6736(16)31594-X"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/28017406/"' in html
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC5546834/"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "https://doi.org/10.1016/x", "A DOI starts with 10."),
        ("pmid", "PMID 123", "A PMID is digits only"),
        ("pmcid", "6318225", "A PMCID looks like PMC6318225"),
        ("year", "19", "four-digit year"),
    ],
)
def test_malformed_identifiers_are_refused_with_the_expected_form(field, value, message):
    with pytest.raises(ValidationError) as error:
        clean_reference(**{field: value})

    assert message in str(error.value.block_errors[field])


def test_reference_needs_some_way_to_find_the_source():
    with pytest.raises(ValidationError) as error:
        clean_reference(doi="", pmid="", url="")

    assert "Add a DOI, a PMID or a URL" in str(error.value.block_errors["doi"])


def test_valid_reference_passes():
    assert clean_reference()["doi"] == REFERENCE["doi"]


def test_key_data_table_caption_states_which_arm_is_which():
    block = KeyDataTableBlock()
    value = block.to_python(
        {
            "title": "Co-primary endpoints",
            "arm_a": "Lenalidomide",
            "arm_b": "Observation",
            "rows": [
                {
                    "measure": "Median PFS",
                    "value_a": "39 months",
                    "value_b": "20 months",
                    "effect": "",
                }
            ],
            "note": "",
            "source": "Jackson et al. 2019",
        }
    )

    html = block.render(value)

    assert "<caption>" in html and "Data shown as Lenalidomide vs Observation" in html
    assert '<th scope="row" role="rowheader">Median PFS</th>' in html
    assert '<th scope="col" role="columnheader">Lenalidomide</th>' in html
    assert '<td role="cell" data-label="Lenalidomide">39 months</td>' in html
    assert '<td role="cell" data-label="Effect">—</td>' in html
    assert "Source: Jackson et al. 2019" in html
