"""Strict reader for patient-level time-to-event data uploaded by editors.

Pure Python (standard library only, no Django) so it can be used from forms, management
commands and tests alike. The contract is all or nothing: :func:`read_patient_data` either
returns a :class:`PatientData` holding one record for every subject row in the file, or
raises :class:`ImportRefused` listing every problem it found (each naming the row, the
column and what to do about it). Callers save nothing unless it returns.

Two layouts are understood:

``csv``
    A header row with the columns ``subject``, ``arm``, ``time`` and ``event``, and
    optionally ``strata`` (or ``stratum``). Header names are matched case-insensitively
    after trimming spaces; other columns are ignored. ``event`` must be exactly ``1``
    (the event - death or progression - happened) or ``0`` (censored). Words such as
    ``true``/``yes``/``dead`` and decimals such as ``1.0`` are refused on purpose: the
    column is the single source of truth for every survival estimate, so there is one
    spelling and the error message says which.

``adtte``
    A CDISC ADaM ADTTE dataset exported as CSV: ``USUBJID``, ``PARAMCD``, ``AVAL``,
    ``CNSR`` and ``TRT01P`` or ``ARM`` for the arm (``TRT01P`` wins when both are
    present). ``CNSR`` is ``0`` for an event and a positive whole number (1, 2, ...) for a
    censored observation. When the file holds more than one ``PARAMCD`` the caller must
    choose one with ``paramcd=``. An optional ``AVALU`` column becomes
    :attr:`PatientData.time_unit_hint`.

``format="auto"`` picks ``adtte`` when the header has both ``USUBJID`` and ``CNSR``.

Files are decoded as UTF-8 (a byte-order mark is dropped). Fields may be separated by
commas, semicolons or tabs; the separator is the one that splits the header into the most
recognised column names (comma on a tie). Double-quoted fields are supported. Lines whose
cells are all empty are ignored (they still count for row numbers). Numbers use a dot as
decimal separator; ``12``, ``12.5``, `` 12 `` and ``1e3`` are accepted, a decimal comma or
thousands separator never is, whatever the field separator.

Row numbers in messages are the rows a spreadsheet shows when it opens the file: the
header is row 1 (unless blank lines precede it) and a quoted value spanning several lines
counts as one row.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MAX_LISTED_ERRORS",
    "ImportRefused",
    "PatientData",
    "RowError",
    "SubjectRecord",
    "read_patient_data",
]

#: How many problems :class:`ImportRefused` lists before summarising the rest.
MAX_LISTED_ERRORS = 20

_FORMATS = ("auto", "csv", "adtte")
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Canonical column names. CSV names are lower case, ADTTE names upper case (as CDISC spells them).
_CSV_REQUIRED = ("subject", "arm", "time", "event")
_CSV_STRATA = ("strata", "stratum")
_ADTTE_REQUIRED = ("USUBJID", "PARAMCD", "AVAL", "CNSR")
_ADTTE_ARMS = ("TRT01P", "ARM")
_ADTTE_OPTIONAL = ("AVALU",)
_KNOWN_NAMES = frozenset(
    name.casefold()
    for name in _CSV_REQUIRED + _CSV_STRATA + _ADTTE_REQUIRED + _ADTTE_ARMS + _ADTTE_OPTIONAL
)

# Written so that no two parts can match the same characters: no backtracking blow-up.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_COMMA_NUMBER_CHARS = frozenset("0123456789.,")
_LONGEST_NUMBER = 100  # characters; longer values are not plausible times
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?", re.ASCII)
_WHOLE = re.compile(r"\d+", re.ASCII)
_MISSING_MARKERS = frozenset({"na", "n/a", "nan", "null", "none", ".", "-", "missing", "nd"})
_INFINITY = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞"})

_SHOW_LIMIT = 40
_EMPTY = (
    "The file is empty. Upload a CSV file with a header row (subject, arm, time, event) and one "
    "row per subject, or a CDISC ADTTE dataset exported as CSV."
)


@dataclass(frozen=True)
class SubjectRecord:
    subject: str
    arm: str
    time: float  # >= 0, finite
    event: bool  # True = event (death/progression), False = censored
    stratum: str = ""


@dataclass(frozen=True)
class RowError:
    #: Spreadsheet row number (header = row 1); ``None`` for problems with the whole file.
    row: int | None
    #: Canonical column name (``time``, ``CNSR``, ...), ``None`` when no single column is at fault.
    column: str | None
    #: What is wrong and what to do about it, ready to show to an editor.
    message: str


class ImportRefused(ValueError):
    """The file was refused as a whole. ``errors`` lists the problems, ``total`` counts them.

    At most :data:`MAX_LISTED_ERRORS` problems are listed; when there were more, a final
    file-level entry says how many were left out.
    """

    def __init__(self, errors: Iterable[RowError], *, limit: int | None = MAX_LISTED_ERRORS):
        errors = tuple(errors)
        if not errors:
            raise ValueError("ImportRefused needs at least one error")
        self.total = len(errors)
        if limit is not None and len(errors) > limit:
            left_out = len(errors) - limit
            errors = errors[:limit] + (
                RowError(
                    None,
                    None,
                    f"… and {left_out} more problem{'s' if left_out != 1 else ''}. "
                    "Fix the ones listed above and upload the file again to see the rest.",
                ),
            )
        self.errors: tuple[RowError, ...] = errors
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = self.total
        head = f"The file was not imported: {count} problem{'s' if count != 1 else ''} found."
        return "\n".join([head, *(f"- {error.message}" for error in self.errors)])

    def __str__(self) -> str:
        return self._summary()

    def __reduce__(self):
        # Keep the exception picklable (e.g. across worker processes) without re-capping.
        return (_rebuild_refusal, (self.errors, self.total))


def _rebuild_refusal(errors: tuple[RowError, ...], total: int) -> ImportRefused:
    exc = ImportRefused(errors, limit=None)
    exc.total = total
    exc.args = (exc._summary(),)
    return exc


@dataclass(frozen=True)
class PatientData:
    records: tuple[SubjectRecord, ...]
    format: str  # "csv" or "adtte"
    arms: tuple[str, ...]  # in order of first appearance
    time_unit_hint: str = ""  # from the ADTTE AVALU column; "" when the file does not say


# --------------------------------------------------------------------------------------
# Helpers


class _Problems:
    """Collects row errors; the import is refused if any were collected."""

    def __init__(self) -> None:
        self.items: list[RowError] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if row is not None and column is not None:
            message = f"Row {row}, column {column}: {message}"
        elif row is not None:
            message = f"Row {row}: {message}"
        self.items.append(RowError(row, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def refuse_if_any(self) -> None:
        if self.items:
            # File-level problems first, then by row; the sort is stable within a row.
            ordered = sorted(self.items, key=lambda error: error.row or 0)
            raise ImportRefused(ordered)


def _refuse(message: str, column: str | None = None, row: int | None = None) -> ImportRefused:
    problems = _Problems()
    problems.add(row, column, message)
    return ImportRefused(problems.items)


def _show(value: str) -> str:
    """Quote a cell value for a message: truncated, with control characters escaped."""
    if len(value) > _SHOW_LIMIT:
        value = value[: _SHOW_LIMIT - 1] + "…"
    return repr(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --------------------------------------------------------------------------------------
# Decoding and splitting into rows

_SIGNATURES = (
    (
        b"PK\x03\x04",
        "This is an Excel workbook or another zipped file, not a CSV file. Open it in Excel "
        "and choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)', then upload that file.",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "This is an old-style Excel workbook (.xls), not a CSV file. Open it in Excel and choose "
        "File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)', then upload that file.",
    ),
    (
        b"HEADER RECORD*******",
        "This is a SAS transport file (.xpt), not a CSV file. Export the ADTTE dataset as a "
        "'CSV UTF-8' file (e.g. with PROC EXPORT, or pandas.read_sas(...).to_csv()), then "
        "upload that file.",
    ),
    (
        b"%PDF",
        "This is a PDF document, not a CSV file. Upload the patient-level data as a CSV file "
        "saved as 'CSV UTF-8'.",
    ),
    (
        b"\xff\xfe",
        "This file is saved as UTF-16 ('Unicode text'), not UTF-8. Save it again as "
        "'CSV UTF-8 (Comma delimited) (*.csv)' and upload that file.",
    ),
    (
        b"\xfe\xff",
        "This file is saved as UTF-16 ('Unicode text'), not UTF-8. Save it again as "
        "'CSV UTF-8 (Comma delimited) (*.csv)' and upload that file.",
    ),
)


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        text = content
    elif isinstance(content, bytes | bytearray | memoryview):
        raw = bytes(content)
        if not raw.startswith(b"\xef\xbb\xbf"):
            for signature, message in _SIGNATURES:
                if raw.startswith(signature):
                    raise _refuse(message)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise _refuse(
                f"The file is not UTF-8 text (the first unreadable byte is on line {line}). It was "
                "probably saved in another encoding, such as Windows-1252 or Latin-1. Open it in "
                "Excel and choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)', or "
                "save it as UTF-8 in your text editor, then upload it again."
            ) from None
    else:
        raise TypeError(f"content must be bytes or str, not {type(content).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise _refuse(
            "The file contains binary data (NUL characters), so it is not a text CSV file. "
            "Upload the data saved as 'CSV UTF-8 (Comma delimited) (*.csv)'."
        )
    if not text.strip():
        raise _refuse(_EMPTY)
    return text


def _reader(text: str, delimiter: str):
    return csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        skipinitialspace=True,
        strict=True,
    )


def _is_blank(fields: list[str]) -> bool:
    return all(not field.strip() for field in fields)


def _first_record(text: str, delimiter: str) -> list[str] | None:
    try:
        for fields in _reader(text, delimiter):
            # A line of only separators (",,,") is blank whichever separator is tried.
            if any(field.strip().strip(",;\t ") for field in fields):
                return fields
    except csv.Error:
        return None
    return None


def _detect_delimiter(text: str) -> str:
    best, best_key = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        header = _first_record(text, delimiter)
        if header is None:
            continue
        known = sum(1 for name in header if name.strip().casefold() in _KNOWN_NAMES)
        key = (known, len(header))
        if key > best_key:  # strictly greater, so earlier delimiters win ties
            best, best_key = delimiter, key
    return best


# The csv module's own limit (131,072 characters) is process-wide and other libraries raise it
# (scipy's ARFF reader does), so the importer applies the same limit itself.
MAX_FIELD_CHARS = 131_072
FIELD_TOO_LONG = (
    "a value is far too long to be a subject id, arm or number. Check that the quotes in "
    "this row are balanced and the file is really a CSV export."
)


def _csv_error_message(error: csv.Error, delimiter: str) -> str:
    detail = str(error)
    if "end of data" in detail:
        return (
            'a double quote (") opens a value here that is never closed, so the rest of the file '
            "would be read as one value. Close the quote or remove it; if a value itself contains "
            'a double quote, write it twice ("").'
        )
    if "field larger than field limit" in detail:
        return FIELD_TOO_LONG
    name = _DELIMITER_NAMES[delimiter]
    return (
        f"the quoting is broken ({detail}). A value that starts with a double quote must end with "
        f"a double quote directly before the next {name} or the end of the line; if a value "
        'contains a double quote, write it twice ("") and quote the whole value.'
    )


def _read_rows(text: str, delimiter: str, max_rows: int, problems: _Problems):
    """Return (header_row, header, data) where data is [(row, fields)] without blank lines."""
    header: list[str] | None = None
    header_row = 0
    data: list[tuple[int, list[str]]] = []
    row = 0
    reader = _reader(text, delimiter)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(row + 1, None, _csv_error_message(exc, delimiter))
            break
        row += 1
        if any(len(field) > MAX_FIELD_CHARS for field in fields):
            problems.add(row, None, FIELD_TOO_LONG)
            break
        if _is_blank(fields):
            continue
        if header is None:
            header, header_row = fields, row
            continue
        data.append((row, fields))
        if len(data) > max_rows:
            raise _refuse(
                f"The file has more than {max_rows:,} subject rows, the most one upload may hold "
                f"(the limit was passed at row {row}). Check that this is patient-level data for a "
                "single trial; split it by endpoint, or ask a developer to raise the limit."
            )
    if header is None:
        problems.refuse_if_any()
        raise _refuse(_EMPTY)  # only empty cells, e.g. ",,,"
    return header_row, header, data


# --------------------------------------------------------------------------------------
# Column mapping


def _map_columns(
    header: list[str], wanted: Iterable[str], header_row: int, problems: _Problems
) -> dict[str, int]:
    """Map canonical names (matched case-insensitively) to column positions.

    A known column that appears twice is a problem added to ``problems``.
    """
    wanted = tuple(wanted)
    by_key = {name.casefold(): name for name in wanted}
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        canonical = by_key.get(name.strip().casefold())
        if canonical is not None:
            positions.setdefault(canonical, []).append(index)
    mapping = {}
    for canonical, indexes in positions.items():
        if len(indexes) > 1:
            numbers = " and ".join(str(i + 1) for i in indexes)
            problems.add(
                header_row,
                canonical,
                f"the column {canonical} appears {len(indexes)} times in the header (columns "
                f"{numbers}). Keep only one of them, so it is clear which values to use.",
            )
        mapping[canonical] = indexes[0]
    return mapping


def _found_columns(header: list[str]) -> str:
    names = [name.strip() for name in header]
    shown = ", ".join(_show(name) if name else "(blank)" for name in names[:30])
    if len(names) > 30:
        shown += f", … ({len(names)} in all)"
    return shown


def _missing_columns(
    header: list[str], header_row: int, missing: list[str], fmt: str
) -> ImportRefused:
    found = _found_columns(header)
    if fmt == "csv":
        expected = "A plain CSV needs the columns subject, arm, time and event (strata is optional)"
    else:
        expected = (
            "An ADTTE file needs the columns USUBJID, PARAMCD, AVAL, CNSR and TRT01P or ARM "
            "(AVALU is optional)"
        )
    message = (
        f"the header is missing the column{'s' if len(missing) > 1 else ''} "
        f"{', '.join(missing)}. {expected}; the header row found has: {found}. Rename or add "
        "the columns (names are not case-sensitive)."
    )
    keys = {name.strip().casefold() for name in header}
    if fmt == "csv" and {"usubjid", "cnsr"} <= keys:
        message += " This looks like a CDISC ADTTE file; choose the ADTTE format instead."
    elif fmt == "adtte" and set(_CSV_REQUIRED) <= keys:
        message += " This looks like a plain CSV file; choose the CSV format instead."
    if len(header) == 1:
        message += (
            " The header was read as a single column: separate the column names with commas "
            "(semicolons or tabs also work)."
        )
    problems = _Problems()
    problems.add(header_row, None, message)
    return ImportRefused(problems.items)


def _check_width(row: int, fields: list[str], header: list[str], problems: _Problems) -> bool:
    if len(fields) == len(header):
        return True
    difference = len(fields) - len(header)
    if difference > 0:
        what = f"{_plural(difference, 'field')} more than the header"
        hint = (
            " A number written with a decimal comma (12,5) or a name containing a comma splits "
            "into extra fields: write numbers with a dot (12.5) and put names that contain a "
            'comma in double quotes ("Rd, then VRd"). Otherwise remove the extra values.'
        )
    else:
        what = f"{_plural(-difference, 'field')} fewer than the header"
        hint = " Fill in the missing values (every row needs a value for every column)."
    problems.add(
        row,
        None,
        f"this row has {_plural(len(fields), 'field')} but the header has {len(header)}: "
        f"{what}.{hint}",
    )
    return False


# --------------------------------------------------------------------------------------
# Cell parsers. Each returns the value or adds a problem and returns None.


def _parse_time(value: str, row: int, column: str, problems: _Problems) -> float | None:
    text = value.strip()
    what_to_do = "enter this subject's time from randomisation to the event or censoring, or remove the subject"
    if not text:
        problems.add(row, column, f"the time is missing. Please {what_to_do}.")
        return None
    lowered = text.casefold()
    if lowered in _INFINITY:
        problems.add(
            row,
            column,
            f"{_show(text)} is infinite. Times must be finite numbers: for a subject who is still "
            "event-free, enter the time of last follow-up and set the subject as censored.",
        )
        return None
    if lowered in _MISSING_MARKERS:
        problems.add(
            row,
            column,
            f"{_show(text)} is a missing-value marker, not a number. Every subject needs a time; "
            f"please {what_to_do}.",
        )
        return None
    if len(text) > _LONGEST_NUMBER:
        problems.add(
            row,
            column,
            f"{_show(text)} is not a number: it is {len(text):,} characters long. Write the time "
            "as a plain number with a dot as decimal separator, e.g. 12 or 12.5.",
        )
        return None
    if not _NUMBER.fullmatch(text):
        unsigned = text.lstrip("+-")
        if "," in unsigned and set(unsigned) <= _COMMA_NUMBER_CHARS and unsigned.strip(".,"):
            hint = (
                "it contains a comma. Use a dot as decimal separator and no thousands "
                "separators (write 12.5, not 12,5; 1234, not 1,234)."
            )
        elif _DATE_LIKE.fullmatch(text):
            hint = (
                "it looks like a date. The time must be the duration from randomisation (a "
                "number of days or months), not a calendar date; compute the duration."
            )
        else:
            hint = (
                "write the time as a plain number with a dot as decimal separator, e.g. 12 or "
                "12.5, without units or other text."
            )
        problems.add(row, column, f"{_show(text)} is not a number: {hint}")
        return None
    number = float(text)
    if not math.isfinite(number):
        problems.add(
            row,
            column,
            f"{_show(text)} is too large to be a time. Check the value and enter the time from "
            "randomisation in days or months.",
        )
        return None
    if number < 0:
        problems.add(
            row,
            column,
            f"{_show(text)} is negative. Times are days (or months) since randomisation and "
            "cannot be below 0; correct the value or remove the subject.",
        )
        return None
    return number + 0.0  # turns -0.0 into 0.0


def _parse_event(value: str, row: int, problems: _Problems) -> bool | None:
    text = value.strip()
    if text == "1":
        return True
    if text == "0":
        return False
    accepted = (
        "Write 1 if the event (death or progression) happened and 0 if the subject was "
        "censored; no other values are accepted"
    )
    if not text:
        problems.add(row, "event", f"the event code is missing. {accepted}.")
    elif _NUMBER.fullmatch(text) and float(text) in (0.0, 1.0):
        problems.add(
            row, "event", f"{_show(text)} is not an accepted event code. {accepted} (no decimals)."
        )
    else:
        problems.add(row, "event", f"{_show(text)} is not an accepted event code. {accepted}.")
    return None


def _parse_cnsr(value: str, row: int, problems: _Problems) -> bool | None:
    """Return the *event* flag (CNSR 0 -> True)."""
    text = value.strip()
    explain = (
        "In ADaM ADTTE, CNSR is 0 for an event and a positive whole number (1, 2, …) for a "
        "censored observation"
    )
    if not text:
        problems.add(row, "CNSR", f"the censoring code is missing. {explain}; fill it in.")
        return None
    if _WHOLE.fullmatch(text):
        return text.strip("0") == ""  # all zeros -> event; avoids int() on huge strings
    problems.add(
        row,
        "CNSR",
        f"{_show(text)} is not a known censoring code. {explain}; correct the value.",
    )
    return None


def _parse_text(value: str, row: int, column: str, problems: _Problems, missing: str) -> str | None:
    text = value.strip()
    if not text:
        problems.add(row, column, missing)
        return None
    return text


_MISSING_SUBJECT = (
    "the subject id is empty. Give every subject a unique id (e.g. the patient number), or "
    "remove the row."
)
_MISSING_ARM = (
    "an empty arm. Enter the treatment arm this subject was randomised to, spelled as for the "
    "other subjects of that arm, or remove the row."
)


def _check_duplicate(
    subject: str, row: int, column: str, seen: dict[str, int], problems: _Problems
) -> bool:
    first = seen.get(subject)
    if first is None:
        seen[subject] = row
        return True
    problems.add(
        row,
        column,
        f"the subject {_show(subject)} appears twice, in row {first} and row {row}. Each subject "
        "must appear exactly once; remove the duplicate row or correct the id.",
    )
    return False


def _arms(records: Iterable[SubjectRecord]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(record.arm for record in records))


# --------------------------------------------------------------------------------------
# The two layouts


def _no_rows(problems: _Problems, what: str) -> ImportRefused:
    problems.refuse_if_any()  # e.g. broken quoting right after the header
    return _refuse(f"The file has a header but no subject rows. {what}")


def _read_csv_layout(header_row, header, data, problems) -> PatientData:
    header_problems = _Problems()
    columns = _map_columns(header, _CSV_REQUIRED + _CSV_STRATA, header_row, header_problems)
    missing = [name for name in _CSV_REQUIRED if name not in columns]
    if missing:
        raise _missing_columns(header, header_row, missing, "csv")
    strata = [name for name in _CSV_STRATA if name in columns]
    if len(strata) > 1:
        header_problems.add(
            header_row,
            None,
            "the header has both a strata and a stratum column. Keep only one of them, so it "
            "is clear which holds the stratification factor.",
        )
    strata_column = strata[0] if strata else None
    header_problems.refuse_if_any()
    if not data:
        raise _no_rows(problems, "Add one row per subject below the header.")

    records = []
    seen: dict[str, int] = {}
    i_subject, i_arm = columns["subject"], columns["arm"]
    i_time, i_event = columns["time"], columns["event"]
    i_stratum = columns[strata_column] if strata_column else None
    for row, fields in data:
        if not _check_width(row, fields, header, problems):
            continue
        subject = _parse_text(fields[i_subject], row, "subject", problems, _MISSING_SUBJECT)
        unique = subject is not None and _check_duplicate(subject, row, "subject", seen, problems)
        arm = _parse_text(fields[i_arm], row, "arm", problems, _MISSING_ARM)
        time = _parse_time(fields[i_time], row, "time", problems)
        event = _parse_event(fields[i_event], row, problems)
        stratum = fields[i_stratum].strip() if i_stratum is not None else ""
        if unique and arm is not None and time is not None and event is not None:
            records.append(SubjectRecord(subject, arm, time, event, stratum))
    problems.refuse_if_any()
    records_tuple = tuple(records)
    return PatientData(records=records_tuple, format="csv", arms=_arms(records_tuple))


def _read_adtte_layout(header_row, header, data, paramcd, problems) -> PatientData:
    header_problems = _Problems()
    columns = _map_columns(
        header, _ADTTE_REQUIRED + _ADTTE_ARMS + _ADTTE_OPTIONAL, header_row, header_problems
    )
    missing = [name for name in _ADTTE_REQUIRED if name not in columns]
    if not any(name in columns for name in _ADTTE_ARMS):
        missing.append("TRT01P (or ARM)")
    if missing:
        raise _missing_columns(header, header_row, missing, "adtte")
    header_problems.refuse_if_any()
    if not data:
        raise _no_rows(problems, "Add the ADTTE rows below the header.")
    arm_column = next(name for name in _ADTTE_ARMS if name in columns)
    i_paramcd = columns["PARAMCD"]

    # Pass 1: shape of every row, and the parameter codes present.
    usable: list[tuple[int, list[str], str]] = []
    codes: dict[str, int] = {}
    for row, fields in data:
        if not _check_width(row, fields, header, problems):
            continue
        code = fields[i_paramcd].strip()
        if not code:
            problems.add(
                row,
                "PARAMCD",
                "the parameter code is empty. Every ADTTE row needs its PARAMCD (e.g. OS or "
                "PFS); fill it in or remove the row.",
            )
            continue
        codes.setdefault(code, row)
        usable.append((row, fields, code))

    listed = ", ".join(sorted(codes))
    if paramcd is not None:
        if codes and paramcd not in codes:
            problems.add(
                None,
                "PARAMCD",
                f"This file has no rows with PARAMCD {_show(paramcd)}; it holds PARAMCD "
                f"value{'s' if len(codes) > 1 else ''} {listed}. Choose one of those.",
            )
        chosen = paramcd
    elif len(codes) > 1:
        problems.add(
            None,
            "PARAMCD",
            f"This file holds PARAMCD values {listed}; choose one. Each parameter (e.g. OS for "
            "overall survival, PFS for progression-free survival) is a separate analysis.",
        )
        chosen = ""
    else:
        chosen = next(iter(codes), "")
    problems.refuse_if_any()

    # Pass 2: the rows of the chosen parameter.
    records = []
    seen: dict[str, int] = {}
    units: dict[str, int] = {}
    blank_units: list[int] = []
    i_subject, i_time, i_cnsr = columns["USUBJID"], columns["AVAL"], columns["CNSR"]
    i_arm = columns[arm_column]
    i_unit = columns.get("AVALU")
    for row, fields, code in usable:
        if code != chosen:
            continue
        subject = _parse_text(fields[i_subject], row, "USUBJID", problems, _MISSING_SUBJECT)
        unique = subject is not None and _check_duplicate(subject, row, "USUBJID", seen, problems)
        arm = _parse_text(fields[i_arm], row, arm_column, problems, _MISSING_ARM)
        time = _parse_time(fields[i_time], row, "AVAL", problems)
        event = _parse_cnsr(fields[i_cnsr], row, problems)
        if i_unit is not None:
            unit = fields[i_unit].strip()
            if unit:
                units.setdefault(unit, row)
            else:
                blank_units.append(row)
        if unique and arm is not None and time is not None and event is not None:
            records.append(SubjectRecord(subject, arm, time, event))

    if len(units) > 1:
        shown = ", ".join(f"{_show(unit)} (first in row {row})" for unit, row in units.items())
        problems.add(
            None,
            "AVALU",
            f"The times use different units: {shown}. All AVAL values of one parameter must use "
            "the same unit; convert them to one unit and correct AVALU.",
        )
    if units and blank_units:
        unit = next(iter(units))
        for row in blank_units:
            problems.add(
                row,
                "AVALU",
                f"the time unit is empty while other rows say {_show(unit)}. Fill in the unit "
                "of AVAL for this row.",
            )
    problems.refuse_if_any()
    records_tuple = tuple(records)
    return PatientData(
        records=records_tuple,
        format="adtte",
        arms=_arms(records_tuple),
        time_unit_hint=next(iter(units), ""),
    )


# --------------------------------------------------------------------------------------
# Entry point


def read_patient_data(
    content: bytes | str,
    *,
    format: str = "auto",
    paramcd: str | None = None,
    max_rows: int = 100_000,
) -> PatientData:
    """Read a whole patient-level file, or refuse it whole.

    ``format`` is ``"auto"``, ``"csv"`` or ``"adtte"``. ``paramcd`` chooses the ADTTE
    parameter (e.g. ``"OS"``) and is required when the file holds more than one; an empty
    string counts as not given. ``max_rows`` limits the number of subject rows (header and
    blank lines not counted; in ADTTE, rows of every parameter count).

    Raises :class:`ImportRefused` for every problem with the file's content, and
    ``ValueError``/``TypeError`` only for wrong arguments from the calling code.
    """
    if format not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(_FORMATS)}, not {format!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive integer, not {max_rows!r}")
    if paramcd is not None:
        if not isinstance(paramcd, str):
            raise TypeError(f"paramcd must be a string or None, not {type(paramcd).__name__}")
        paramcd = paramcd.strip() or None

    text = _decode(content)
    delimiter = _detect_delimiter(text)
    problems = _Problems()
    header_row, header, data = _read_rows(text, delimiter, max_rows, problems)

    fmt = format
    if fmt == "auto":
        keys = {name.strip().casefold() for name in header}
        fmt = "adtte" if {"usubjid", "cnsr"} <= keys else "csv"

    if fmt == "adtte":
        return _read_adtte_layout(header_row, header, data, paramcd, problems)
    if paramcd is not None:
        problems.add(
            None,
            "PARAMCD",
            f"You chose the parameter {_show(paramcd)}, but this is a plain CSV file (subject, "
            "arm, time, event) without a PARAMCD column. Clear the parameter choice, or upload "
            "the ADTTE file.",
        )
    return _read_csv_layout(header_row, header, data, problems)
