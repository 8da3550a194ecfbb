"""Registration-number formats: what is accepted, and that every refusal says why."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mmhub.accounts.models import HcpProfile, IssuingBody
from mmhub.accounts.validators import (
    luhn_check_digit,
    npi_check_digit,
    validate_free_text,
    validate_gmc,
    validate_nmc_pin,
    validate_npi,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def luhn_valid(number):
    """Independent Luhn check of a whole number (check digit included), written the other way
    round from the implementation: double every second digit counting from the right end."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 == 1 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def test_the_cms_example_npi_is_valid():
    # CMS's published example of the check-digit calculation: 123456789 → check digit 3.
    assert npi_check_digit("123456789") == "3"
    assert validate_npi("1234567893") == "1234567893"
    assert validate_npi("123-456-7893") == "1234567893"


@given(nine_digits)
def test_the_check_digit_makes_the_prefixed_number_pass_luhn(first_nine):
    npi = first_nine + npi_check_digit(first_nine)
    assert luhn_valid("80840" + npi)
    assert validate_npi(npi) == npi


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_any_single_mistyped_digit_is_refused(first_nine, position, shift):
    npi = first_nine + npi_check_digit(first_nine)
    mistyped = npi[:position] + str((int(npi[position]) + shift) % 10) + npi[position + 1 :]
    with pytest.raises(ValidationError) as refused:
        validate_npi(mistyped)
    assert "check digit" in refused.value.messages[0]


@given(nine_digits, st.integers(0, 8))
def test_swapping_two_neighbouring_digits_is_refused_unless_luhn_cannot_see_it(first_nine, i):
    npi = first_nine + npi_check_digit(first_nine)
    swapped = npi[:i] + npi[i + 1] + npi[i] + npi[i + 2 :]
    if swapped == npi or {npi[i], npi[i + 1]} == {"0", "9"}:
        return  # identical digits, or the one transposition Luhn is known not to detect
    with pytest.raises(ValidationError):
        validate_npi(swapped)


@given(st.text(alphabet="0123456789", min_size=1, max_size=15).filter(lambda s: len(s) != 10))
def test_npis_of_the_wrong_length_say_how_many_digits_they_have(number):
    with pytest.raises(ValidationError) as refused:
        validate_npi(number)
    assert refused.value.messages == [f"An NPI has 10 digits; this one has {len(number)}."]


def test_luhn_check_digit_of_a_known_card_number():
    # The classic Luhn example 7992739871 has check digit 3.
    assert luhn_check_digit("7992739871") == "3"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345678", "has 10 digits; this one has 8"),
        ("12345678AB", "digits only"),
        ("1234567890", "check digit"),
    ],
)
def test_npi_refusals_explain_themselves(number, message):
    with pytest.raises(ValidationError) as refused:
        validate_npi(number)
    assert message in refused.value.messages[0]


def test_gmc_numbers_have_seven_digits():
    assert validate_gmc("1234567") == "1234567"
    assert validate_gmc("GMC 1234567") == "1234567"
    with pytest.raises(ValidationError, match="7 digits; this one has 6"):
        validate_gmc("123456")
    with pytest.raises(ValidationError, match="digits only"):
        validate_gmc("12345A7")


def test_nmc_pins_have_two_digits_a_letter_four_digits_and_a_letter():
    assert validate_nmc_pin("12a3456e") == "12A3456E"
    assert validate_nmc_pin("12A 3456 E") == "12A3456E"
    for wrong in ("12A34567", "2A3456E", "12AA456E", "12A3456EE"):
        with pytest.raises(ValidationError, match="two digits, a letter, four digits"):
            validate_nmc_pin(wrong)


def test_other_bodies_keep_the_number_as_typed_within_a_length():
    assert validate_free_text("  RPPS  10101234567 ") == "RPPS 10101234567"
    with pytest.raises(ValidationError, match="at most 40"):
        validate_free_text("9" * 41)


def test_the_profile_stores_the_normalised_number_and_reports_errors_on_the_field():
    profile = HcpProfile(issuing_body=IssuingBody.UK_NMC, registration_number="12a 3456 e")
    profile.clean()
    assert profile.registration_number == "12A3456E"

    profile = HcpProfile(issuing_body=IssuingBody.US_NPI, registration_number="1234567890")
    with pytest.raises(ValidationError) as refused:
        profile.clean()
    assert "check digit" in refused.value.message_dict["registration_number"][0]

    profile = HcpProfile(registration_number="1234567")
    with pytest.raises(ValidationError) as refused:
        profile.clean()
    assert "issuing_body" in refused.value.message_dict

    profile = HcpProfile(issuing_body=IssuingBody.OTHER, registration_number="X1")
    with pytest.raises(ValidationError) as refused:
        profile.clean()
    assert "issuing_body_name" in refused.value.message_dict
