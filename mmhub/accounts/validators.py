"""Formats of professional registration numbers, where a format is defined.

A number in a valid format is not a verified registration: it only rules out typing mistakes
before a person asks to be verified. Every refusal says what was expected.

- US National Provider Identifier (NPI): 10 digits; the last is a Luhn check digit computed over
  the prefix 80840 followed by the first nine digits (CMS, "Requirements for National Provider
  Identifier (NPI) and NPI Enumeration", check-digit annex).
- UK General Medical Council reference number: 7 digits.
- UK Nursing and Midwifery Council PIN: 8 characters, two digits, a letter, four digits and a
  letter (for example 12A3456E).
Other issuing bodies have no checked format here: the number is kept as typed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

NPI_PREFIX = "80840"
_SEPARATORS = re.compile(r"[\s\-.]")
_NMC_PIN = re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$")


def luhn_check_digit(payload):
    """The digit that makes `payload` + digit pass the Luhn check."""
    total = 0
    # Double every second digit, starting with the rightmost digit of the payload.
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def npi_check_digit(first_nine):
    return luhn_check_digit(NPI_PREFIX + first_nine)


def normalise(number):
    return _SEPARATORS.sub("", number or "").upper()


def validate_npi(number):
    npi = normalise(number)
    if not npi.isdigit():
        raise ValidationError(
            gettext("An NPI is made of digits only (10 of them); remove any letters."),
            code="npi_digits",
        )
    if len(npi) != 10:
        raise ValidationError(
            gettext("An NPI has 10 digits; this one has %(count)d.") % {"count": len(npi)},
            code="npi_length",
        )
    expected = npi_check_digit(npi[:9])
    if npi[9] != expected:
        raise ValidationError(
            gettext(
                "This NPI's last digit does not match its check digit, so a digit is probably "
                "mistyped. Please compare it with your NPI record."
            ),
            code="npi_check_digit",
        )
    return npi


def validate_gmc(number):
    gmc = normalise(number)
    if gmc.startswith("GMC"):
        gmc = gmc[3:]
    if not gmc.isdigit():
        raise ValidationError(
            gettext("A GMC reference number is made of digits only (7 of them)."),
            code="gmc_digits",
        )
    if len(gmc) != 7:
        raise ValidationError(
            gettext("A GMC reference number has 7 digits; this one has %(count)d.")
            % {"count": len(gmc)},
            code="gmc_length",
        )
    return gmc


def validate_nmc_pin(number):
    pin = normalise(number)
    if not _NMC_PIN.match(pin):
        raise ValidationError(
            gettext(
                "An NMC PIN has 8 characters: two digits, a letter, four digits and a letter "
                "(for example 12A3456E)."
            ),
            code="nmc_format",
        )
    return pin


def validate_free_text(number):
    cleaned = " ".join((number or "").split())
    if len(cleaned) > 40:
        raise ValidationError(
            gettext("A registration number is at most 40 characters."), code="too_long"
        )
    return cleaned
