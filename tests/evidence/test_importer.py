"""Patient-level time-to-event uploads: accepted whole, or refused whole with row-level reasons."""

import csv
import dataclasses
import io
import math
import pickle
import re
from time import perf_counter

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from mmhub.evidence.importer import (
    MAX_LISTED_ERRORS,
    ImportRefused,
    PatientData,
    RowError,
    SubjectRecord,
    read_patient_data,
)

R = SubjectRecord


def refused(content, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        read_patient_data(content, **kwargs)
    exc = info.value
    assert exc.errors, "a refusal must list at least one problem"
    return exc


def only_error(content, **kwargs) -> RowError:
    exc = refused(content, **kwargs)
    assert len(exc.errors) == 1, exc.errors
    return exc.errors[0]


def error_at(exc: ImportRefused, row, column) -> RowError:
    matches = [e for e in exc.errors if e.row == row and e.column == column]
    assert matches, f"no error at row {row}, column {column}: {exc.errors}"
    return matches[0]


HEADER = "subject,arm,time,event\n"


# --------------------------------------------------------------------------------------
# Valid files


def test_plain_csv_imports_to_the_exact_records():
    data = read_patient_data(
        "subject,arm,time,event,strata\n"
        "P001,VRd,12.5,1,ISS I\n"
        "P002,Rd,30,0,ISS II\n"
        "P003,VRd,0,1,\n"
        "P004,Rd, 7 ,0,ISS I\n"
    )
    assert data == PatientData(
        records=(
            R("P001", "VRd", 12.5, True, "ISS I"),
            R("P002", "Rd", 30.0, False, "ISS II"),
            R("P003", "VRd", 0.0, True, ""),
            R("P004", "Rd", 7.0, False, "ISS I"),
        ),
        format="csv",
        arms=("VRd", "Rd"),
        time_unit_hint="",
    )


def test_header_names_are_case_insensitive_and_trimmed_and_other_columns_ignored():
    data = read_patient_data(" Subject ,ARM,Time , EVENT,Stratum,notes\nA1,X,1.5,0,s1,anything\n")
    assert data.records == (R("A1", "X", 1.5, False, "s1"),)


def test_columns_may_come_in_any_order():
    data = read_patient_data("event,time,arm,subject\n1,3,B,S9\n")
    assert data.records == (R("S9", "B", 3.0, True),)


def test_byte_order_mark_is_dropped_from_bytes_and_from_text():
    content = "subject,arm,time,event\nS1,A,1,1\n"
    expected = (R("S1", "A", 1.0, True),)
    assert read_patient_data(b"\xef\xbb\xbf" + content.encode()).records == expected
    assert read_patient_data("\ufeff" + content).records == expected


def test_semicolon_file_from_european_excel_is_read():
    data = read_patient_data(b"subject;arm;time;event\r\nS1;Dara-Rd;10;1\r\nS2;Rd;8.25;0\r\n")
    assert data.records == (R("S1", "Dara-Rd", 10.0, True), R("S2", "Rd", 8.25, False))


def test_tab_separated_file_is_read():
    data = read_patient_data("subject\tarm\ttime\tevent\nS1\tRd, then VRd\t4\t0\n")
    assert data.records == (R("S1", "Rd, then VRd", 4.0, False),)


def test_quoted_fields_may_hold_commas_quotes_and_line_breaks():
    data = read_patient_data(
        'subject,arm,time,event\n"S,1","Rd ""low dose""",2,1\n"S2","two\nlines",3,0\n'
    )
    assert data.records == (
        R("S,1", 'Rd "low dose"', 2.0, True),
        R("S2", "two\nlines", 3.0, False),
    )


def test_blank_lines_are_ignored_but_still_count_as_spreadsheet_rows():
    content = "\nsubject,arm,time,event\n\nS1,A,1,1\n,,,\n   \nS2,A,-1,0\n"
    exc = refused(content)
    # Row 1 blank, header row 2, blank 3, S1 row 4, blank 5 and 6, S2 row 7.
    assert [(e.row, e.column) for e in exc.errors] == [(7, "time")]
    fixed = read_patient_data(content.replace("-1", "1"))
    assert [r.subject for r in fixed.records] == ["S1", "S2"]


def test_accepted_number_spellings():
    data = read_patient_data(
        HEADER + "a,X,12,1\nb,X,12.5,1\nc,X, 12 ,1\nd,X,1e3,0\ne,X,.5,0\nf,X,-0,1\ng,X,+3,0\n"
    )
    assert [r.time for r in data.records] == [12.0, 12.5, 12.0, 1000.0, 0.5, 0.0, 3.0]
    assert math.copysign(1, data.records[5].time) == 1  # "-0" is stored as 0.0, not -0.0


def test_arms_are_listed_in_order_of_first_appearance():
    data = read_patient_data(HEADER + "1,B,1,1\n2,A,1,1\n3,B,1,1\n4,C,1,0\n")
    assert data.arms == ("B", "A", "C")


ADTTE = (
    "STUDYID,USUBJID,PARAMCD,PARAM,AVAL,AVALU,CNSR,TRT01P,ARM\n"
    "MM1,MM1-001,OS,Overall survival,720,DAYS,0,Dara-VRd,Arm A\n"
    "MM1,MM1-001,PFS,Progression-free survival,400,DAYS,0,Dara-VRd,Arm A\n"
    "MM1,MM1-002,OS,Overall survival,1000.5,DAYS,1,VRd,Arm B\n"
    "MM1,MM1-002,PFS,Progression-free survival,1000.5,DAYS,2,VRd,Arm B\n"
    "MM1,MM1-003,OS,Overall survival,35,DAYS,3,Dara-VRd,Arm A\n"
    "MM1,MM1-003,PFS,Progression-free survival,x,DAYS,0,Dara-VRd,Arm A\n"
)


def test_adtte_with_two_parameters_is_refused_without_a_choice():
    error = only_error(ADTTE)
    assert error.row is None and error.column == "PARAMCD"
    assert "This file holds PARAMCD values OS, PFS; choose one." in error.message


def test_adtte_with_a_chosen_parameter_uses_only_its_rows_and_prefers_trt01p():
    data = read_patient_data(ADTTE, paramcd="OS")
    # The PFS row with AVAL "x" is not part of the OS analysis, so it does not matter.
    assert data == PatientData(
        records=(
            R("MM1-001", "Dara-VRd", 720.0, True),
            R("MM1-002", "VRd", 1000.5, False),
            R("MM1-003", "Dara-VRd", 35.0, False),
        ),
        format="adtte",
        arms=("Dara-VRd", "VRd"),
        time_unit_hint="DAYS",
    )


def test_adtte_pfs_rows_are_checked_when_pfs_is_chosen():
    error = only_error(ADTTE, paramcd="PFS")
    assert (error.row, error.column) == (7, "AVAL")


def test_adtte_arm_column_is_used_when_there_is_no_trt01p():
    data = read_patient_data("usubjid,paramcd,aval,cnsr,arm\n01,OS,5,0,Placebo\n02,OS,6,1,Active\n")
    assert data.records == (R("01", "Placebo", 5.0, True), R("02", "Active", 6.0, False))
    assert data.format == "adtte" and data.time_unit_hint == ""


def test_adtte_with_one_parameter_needs_no_choice():
    data = read_patient_data("USUBJID;PARAMCD;AVAL;CNSR;TRT01P\nX;PFS;5;0;A\n")
    assert data.records == (R("X", "A", 5.0, True),)


def test_format_can_be_forced():
    content = "USUBJID,PARAMCD,AVAL,CNSR,TRT01P\nX,OS,5,0,A\n"
    assert read_patient_data(content, format="adtte").format == "adtte"
    error = only_error(content, format="csv")
    assert "choose the ADTTE format" in error.message
    error = only_error(HEADER + "S,A,1,1\n", format="adtte")
    assert "choose the CSV format" in error.message


def test_empty_paramcd_counts_as_no_choice():
    assert read_patient_data(HEADER + "S,A,1,1\n", paramcd="").format == "csv"


def test_wrong_arguments_are_programming_errors_not_refusals():
    with pytest.raises(ValueError) as info:
        read_patient_data(HEADER + "S,A,1,1\n", format="xlsx")
    assert not isinstance(info.value, ImportRefused)
    with pytest.raises(TypeError):
        read_patient_data(42)
    with pytest.raises(ValueError):
        read_patient_data(HEADER, max_rows=0)


def test_results_are_immutable():
    data = read_patient_data(HEADER + "S,A,1,1\n")
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.records[0].time = 2.0
    assert isinstance(data.records, tuple) and isinstance(data.arms, tuple)


# --------------------------------------------------------------------------------------
# One test per refusal rule: row, column, and a message that says what to do.


@pytest.mark.parametrize("content", [b"", "", b"   \r\n\r\n", "\ufeff", ",,,\n"])
def test_empty_file(content):
    error = only_error(content)
    assert (error.row, error.column) == (None, None)
    assert "empty" in error.message and "header row" in error.message


def test_file_that_is_not_utf8_suggests_csv_utf8():
    error = only_error("subject,arm,time,event\nS1,Mélphalan,1,1\n".encode("cp1252"))
    assert (error.row, error.column) == (None, None)
    assert "not UTF-8" in error.message and "line 2" in error.message
    assert "CSV UTF-8" in error.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        (b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!", "SAS transport"),
        ("subject,arm,time,event\n".encode("utf-16"), "UTF-16"),
        (b"subject,arm,time,event\nS1,A,\x00\x00,1\n", "binary data"),
    ],
)
def test_files_that_are_not_csv_text(content, words):
    error = only_error(content)
    assert words in error.message and "CSV UTF-8" in error.message


def test_missing_required_columns_are_named_with_the_columns_found():
    error = only_error("Subject,Treatment,Time,Status\nS1,A,1,1\n")
    assert (error.row, error.column) == (1, None)
    assert "missing the columns arm, event" in error.message
    assert "'Subject', 'Treatment', 'Time', 'Status'" in error.message
    assert "Rename or add" in error.message


def test_header_in_one_column_hints_at_the_separator():
    error = only_error("subject|arm|time|event\nS1|A|1|1\n")
    assert "single column" in error.message and "commas" in error.message


def test_missing_adtte_arm_column():
    error = only_error("USUBJID,PARAMCD,AVAL,CNSR,TRT01A\nX,OS,1,0,A\n")
    assert "TRT01P (or ARM)" in error.message and "'TRT01A'" in error.message


def test_a_known_column_twice_in_the_header():
    error = only_error("subject,arm,time,event,Time\nS,A,1,1,2\n")
    assert (error.row, error.column) == (1, "time")
    assert "columns 3 and 5" in error.message and "Keep only one" in error.message


def test_strata_and_stratum_together():
    error = only_error("subject,arm,time,event,strata,stratum\nS,A,1,1,x,y\n")
    assert error.row == 1 and "Keep only one" in error.message


def test_missing_time():
    error = only_error(HEADER + "S1,A,1,1\nS2,A,  ,0\n")
    assert (error.row, error.column) == (3, "time")
    assert "missing" in error.message and "or remove the subject" in error.message


def test_non_numeric_time():
    error = only_error(HEADER + "S1,A,12 days,1\n")
    assert (error.row, error.column) == (2, "time")
    assert "'12 days' is not a number" in error.message and "plain number" in error.message


def test_date_instead_of_time():
    error = only_error(HEADER + "S1,A,2021-03-04,1\n")
    assert "looks like a date" in error.message and "duration" in error.message


def test_negative_time_message_is_the_documented_one():
    error = only_error(HEADER + "\n".join(f"S{i},A,{i},1" for i in range(2, 14)) + "\nX,A,-3,0\n")
    assert error == RowError(
        14,
        "time",
        "Row 14, column time: '-3' is negative. Times are days (or months) since randomisation "
        "and cannot be below 0; correct the value or remove the subject.",
    )


@pytest.mark.parametrize("value", ["NaN", "nan", "NA", "N/A", "."])
def test_nan_and_missing_markers(value):
    error = only_error(HEADER + f"S1,A,{value},1\n")
    assert (error.row, error.column) == (2, "time")
    assert "missing-value marker" in error.message and "enter" in error.message


@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf"])
def test_infinite_time(value):
    error = only_error(HEADER + f"S1,A,{value},1\n")
    assert (error.row, error.column) == (2, "time")
    assert "infinite" in error.message and "last follow-up" in error.message


def test_time_too_large_to_be_finite():
    error = only_error(HEADER + "S1,A,1e999,1\n")
    assert (error.row, error.column) == (2, "time") and "too large" in error.message


def test_decimal_comma_in_a_quoted_comma_file_and_in_a_semicolon_file():
    for content in (HEADER + 'S1,A,"12,5",1\n', "subject;arm;time;event\nS1;A;12,5;1\n"):
        error = only_error(content)
        assert (error.row, error.column) == (2, "time")
        assert "dot as decimal separator" in error.message


def test_decimal_comma_in_an_unquoted_comma_file_gives_an_extra_field():
    error = only_error(HEADER + "S1,A,12,5,1\n")
    assert (error.row, error.column) == (2, None)
    assert "5 fields but the header has 4" in error.message
    assert "1 field more" in error.message and "dot (12.5)" in error.message


def test_row_with_fewer_fields_than_the_header():
    error = only_error(HEADER + "S1,A,1,1\nS2,A,1\n")
    assert (error.row, error.column) == (3, None)
    assert "3 fields but the header has 4" in error.message and "1 field fewer" in error.message
    assert "Fill in the missing values" in error.message


@pytest.mark.parametrize("value", ["2", "yes", "TRUE", "dead", "1.0", "-1", ""])
def test_event_code_not_accepted(value):
    error = only_error(HEADER + f"S1,A,1,{value}\n")
    assert (error.row, error.column) == (2, "event")
    assert (
        "Write 1 if the event" in error.message and "0 if the subject was censored" in error.message
    )


@pytest.mark.parametrize("value", ["-1", "1.0", "C", "", "0.5"])
def test_unknown_censor_code(value):
    error = only_error(f"USUBJID,PARAMCD,AVAL,CNSR,TRT01P\nX,OS,5,{value},A\n")
    assert (error.row, error.column) == (2, "CNSR")
    assert "CNSR is 0 for an event and a positive whole number" in error.message


def test_blank_subject_id():
    error = only_error(HEADER + "S1,A,1,1\n  ,A,1,1\n")
    assert (error.row, error.column) == (3, "subject")
    assert "subject id is empty" in error.message and "unique id" in error.message


def test_duplicate_subject_names_both_rows():
    exc = refused(HEADER + "S1,A,1,1\nS2,A,1,1\n S1 ,B,2,0\n")
    error = error_at(exc, 4, "subject")
    assert "'S1' appears twice, in row 2 and row 4" in error.message
    assert "remove the duplicate row or correct the id" in error.message


def test_duplicate_usubjid_within_the_chosen_parameter():
    content = "USUBJID,PARAMCD,AVAL,CNSR,TRT01P\nX,OS,5,0,A\nX,PFS,4,0,A\nX,OS,6,1,A\n"
    error = only_error(content, paramcd="OS")
    assert (error.row, error.column) == (4, "USUBJID") and "row 2 and row 4" in error.message


def test_empty_arm():
    error = only_error(HEADER + "S1,,1,1\n")
    assert (error.row, error.column) == (2, "arm")
    assert error.message.startswith("Row 2, column arm: an empty arm.")
    assert "Enter the treatment arm" in error.message


def test_empty_trt01p_does_not_fall_back_to_arm():
    error = only_error("USUBJID,PARAMCD,AVAL,CNSR,TRT01P,ARM\nX,OS,5,0,,Arm A\n")
    assert (error.row, error.column) == (2, "TRT01P") and "an empty arm" in error.message


def test_header_without_subjects():
    error = only_error("subject,arm,time,event\n\n\n")
    assert "no subject rows" in error.message and "Add one row per subject" in error.message


def test_more_rows_than_the_limit():
    error = only_error(HEADER + "".join(f"S{i},A,1,1\n" for i in range(6)), max_rows=5)
    assert (error.row, error.column) == (None, None)
    assert "more than 5 subject rows" in error.message and "split it" in error.message
    assert "100,000 subject rows" in only_error(HEADER + "S,A,1,1\n" * 100_001).message


def test_rows_at_the_limit_are_accepted():
    assert (
        len(
            read_patient_data(
                HEADER + "".join(f"S{i},A,1,1\n" for i in range(5)), max_rows=5
            ).records
        )
        == 5
    )


def test_unknown_paramcd_names_the_codes_found():
    error = only_error(ADTTE, paramcd="EFS")
    assert (error.row, error.column) == (None, "PARAMCD")
    assert "no rows with PARAMCD 'EFS'; it holds PARAMCD values OS, PFS" in error.message


def test_blank_paramcd_in_a_row():
    error = only_error("USUBJID,PARAMCD,AVAL,CNSR,TRT01P\nX,OS,5,0,A\nY, ,5,0,A\n")
    assert (error.row, error.column) == (3, "PARAMCD") and "fill it in" in error.message


def test_paramcd_given_for_a_plain_csv():
    error = only_error(HEADER + "S,A,1,1\n", paramcd="OS")
    assert error.column == "PARAMCD" and "Clear the parameter choice" in error.message


def test_mixed_time_units():
    content = (
        "USUBJID,PARAMCD,AVAL,AVALU,CNSR,TRT01P\nX,OS,5,DAYS,0,A\nY,OS,5,MONTHS,0,A\nZ,OS,5,,0,A\n"
    )
    exc = refused(content)
    assert (
        "'DAYS' (first in row 2), 'MONTHS' (first in row 3)" in error_at(exc, None, "AVALU").message
    )
    assert "Fill in the unit" in error_at(exc, 4, "AVALU").message


def test_unclosed_quote():
    error = only_error(HEADER + 'S1,"A,1,1\nS2,B,1,0\n')
    assert (error.row, error.column) == (2, None)
    assert "never closed" in error.message and "Close the quote" in error.message


def test_text_after_a_closing_quote():
    error = only_error(HEADER + 'S1,"A"x,1,1\n')
    assert error.row == 2 and "quoting is broken" in error.message


def test_absurdly_long_value():
    error = only_error(HEADER + "S1,A," + "1" * 200_000 + ",1\n")
    assert error.row == 2 and "far too long" in error.message


@pytest.mark.parametrize("value", ["1" * 100_000 + "x", "1," * 50_000 + "x", "1" * 101])
def test_long_values_are_refused_quickly(value):
    started = perf_counter()
    error = only_error(HEADER + f'S1,A,"{value}",1\n')
    assert (error.row, error.column) == (2, "time") and "not a number" in error.message
    assert perf_counter() - started < 1


def test_old_mac_line_endings():
    data = read_patient_data("subject,arm,time,event\rS1,A,1,1\rS2,A,2,0\r")
    assert [r.subject for r in data.records] == ["S1", "S2"]


def test_every_problem_is_reported_in_row_order():
    exc = refused(HEADER + "S1,A,-1,1\n,B,x,7\nS3,,1,1\n")
    assert [(e.row, e.column) for e in exc.errors] == [
        (2, "time"),
        (3, "subject"),
        (3, "time"),
        (3, "event"),
        (4, "arm"),
    ]
    assert all(e.message.startswith(f"Row {e.row}, column {e.column}: ") for e in exc.errors)


def test_problem_list_is_capped_and_the_rest_counted():
    exc = refused(HEADER + "".join(f"S{i},A,-{i + 1},1\n" for i in range(50)))
    assert exc.total == 50
    assert len(exc.errors) == MAX_LISTED_ERRORS + 1
    assert exc.errors[-1] == RowError(
        None,
        None,
        "… and 30 more problems. Fix the ones listed above and upload the file again to see "
        "the rest.",
    )
    text = str(exc)
    assert text.splitlines()[0] == "The file was not imported: 50 problems found."
    assert "- Row 2, column time: '-1' is negative." in text
    assert len(text.splitlines()) == MAX_LISTED_ERRORS + 2


def test_refusal_is_a_value_error_and_survives_pickling():
    exc = refused(HEADER + "S1,A,-1,1\n")
    assert isinstance(exc, ValueError)
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes, made just above
    assert copy.errors == exc.errors and str(copy) == str(exc) and copy.total == 1


# --------------------------------------------------------------------------------------
# Property-based tests


def outcome(content, **kwargs):
    """The result, or the refusal; any other exception fails the test."""
    try:
        return read_patient_data(content, **kwargs)
    except ImportRefused as exc:
        return exc


def check_invariants(result):
    event("accepted" if isinstance(result, PatientData) else "refused")
    if isinstance(result, ImportRefused):
        assert 1 <= len(result.errors) <= MAX_LISTED_ERRORS + 1
        assert result.total >= len(result.errors) - 1
        assert all(isinstance(e, RowError) and e.message.strip() for e in result.errors)
        assert all(e.row is None or e.row >= 1 for e in result.errors)
        assert str(result).startswith("The file was not imported")
        return
    assert isinstance(result, PatientData)
    assert result.format in ("csv", "adtte") and result.records
    subjects = [r.subject for r in result.records]
    assert len(set(subjects)) == len(subjects)
    for record in result.records:
        assert record.subject and record.subject == record.subject.strip()
        assert record.arm and record.arm == record.arm.strip()
        assert math.isfinite(record.time) and record.time >= 0
        assert isinstance(record.event, bool)
    assert result.arms == tuple(dict.fromkeys(r.arm for r in result.records))


FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

TOKENS = [
    "subject", "arm", "time", "event", "strata", "stratum", "USUBJID", "PARAMCD", "AVAL",
    "CNSR", "TRT01P", "ARM", "AVALU", "OS", "PFS", "DAYS", "Rd", "S1", "S2",
    ",", ",", ",", ";", "\t", "\n", "\n", "\r\n", "\r", '"', '""', " ", "",
    "0", "1", "2", "-1", "12.5", "12,5", "1e999", "nan", "inf", "-0", ".", "1e3",
    "\ufeff", "\x00", "é", "\u2028", "x" * 200,
]  # fmt: skip

token_soup = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
HEADERS = [
    ["subject", "arm", "time", "event"],
    ["Subject", "ARM", "time", "event", "strata"],
    ["USUBJID", "PARAMCD", "AVAL", "CNSR", "TRT01P", "AVALU"],
    ["USUBJID", "PARAMCD", "AVAL", "CNSR", "ARM"],
]
CELLS = [
    "S1", "S2", "S3", "S4", " S1 ", "", " ", "Rd", "VRd", "OS", "PFS", "DAYS", "MONTHS",
    "0", "0", "1", "1", "2", "12.5", "3", "-1", "12,5", "nan", "inf", "1e999", "x", '"', "é",
]  # fmt: skip


PLAUSIBLE = {
    "arm": ["Rd", "VRd", " Dara-Rd "],
    "time": ["3", "12.5", "0", " 7 ", "1e3"],
    "event": ["0", "1"],
    "strata": ["", "ISS I"],
    "paramcd": ["OS", "OS", "PFS"],
    "aval": ["3", "12.5", "0"],
    "cnsr": ["0", "1", "2"],
    "trt01p": ["Rd", "VRd"],
    "avalu": ["DAYS"],
}


@st.composite
def nearly_valid_files(draw):
    """Mostly plausible cells with the header's separator, so that some files are accepted."""
    header = draw(st.sampled_from(HEADERS))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    rows = [header]
    for n in range(draw(st.integers(0, 6))):
        row = []
        for name in header:
            key = name.lower()
            plausible = [f"S{n}"] if key in ("subject", "usubjid") else PLAUSIBLE[key]
            pool = draw(st.sampled_from([plausible] * 12 + [CELLS]))
            row.append(draw(st.sampled_from(pool)))
        if draw(st.integers(0, 20)) == 0:
            row = row[:-1] if draw(st.booleans()) else [*row, "1"]
        rows.append(row)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [delimiter.join(row) for row in rows]
    if draw(st.integers(0, 3)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(TOKENS)))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


options = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from(["auto", "csv", "adtte"]),
        "paramcd": st.sampled_from([None, "", "OS", "PFS", " OS "]),
        "max_rows": st.integers(1, 5),
    },
)


@settings(FUZZ, max_examples=600)
@given(st.binary(max_size=300), options)
def test_fuzz_arbitrary_bytes_import_or_refuse(content, kwargs):
    check_invariants(outcome(content, **kwargs))


@settings(FUZZ, max_examples=600)
@given(st.text(max_size=300), options)
def test_fuzz_arbitrary_text_imports_or_refuses(content, kwargs):
    check_invariants(outcome(content, **kwargs))


@settings(FUZZ, max_examples=1500)
@given(st.one_of(token_soup, nearly_valid_files()), options, st.booleans())
def test_fuzz_csv_like_text_imports_or_refuses(content, kwargs, as_bytes):
    check_invariants(outcome(content.encode("utf-8") if as_bytes else content, **kwargs))


# ---- (b) corrupted valid files: the exact reading of every row, or a refusal ----------

SAFE_ID = st.text("ABCDEFGHJKmnpqrstuvwxyz0123456789-_", min_size=1, max_size=8)
ARM_NAMES = st.sampled_from(["Rd", "VRd", "Dara-VRd", "Placebo", "KRd"])
TIMES = st.one_of(
    st.integers(0, 5000).map(str),
    st.floats(0, 1e6, allow_nan=False).map(repr),
)


@st.composite
def simple_files(draw):
    """A valid comma-separated file of safe values: (lines, records)."""
    subjects = draw(st.lists(SAFE_ID, min_size=1, max_size=10, unique=True))
    with_strata = draw(st.booleans())
    lines = ["subject,arm,time,event" + (",strata" if with_strata else "")]
    records = []
    for subject in subjects:
        arm, time, event = draw(ARM_NAMES), draw(TIMES), draw(st.sampled_from("01"))
        stratum = draw(st.sampled_from(["", "ISS I", "ISS III"])) if with_strata else ""
        lines.append(",".join([subject, arm, time, event] + ([stratum] if with_strata else [])))
        records.append(R(subject, arm, float(time), event == "1", stratum))
    return lines, records


GARBAGE = st.lists(
    st.sampled_from(['"', ",", "\n", "\r\n", " ", "-", ".", "x", "1", "0", "nan", "e5", "١", ";"]),
    min_size=1,
    max_size=4,
).map("".join)


@st.composite
def corrupted(draw, lines):
    """Apply one random corruption to the lines of a comma-separated file; return the text."""
    lines = list(lines)
    kind = draw(
        st.sampled_from(
            [
                "delete_cell",
                "blank_cell",
                "garbage",
                "replace_cell",
                "duplicate_row",
                "negate",
                "drop_column",
                "truncate",
                "swap_rows",
            ]  # fmt: skip
        )
    )
    i = draw(st.integers(0, len(lines) - 1))
    cells = lines[i].split(",")
    j = draw(st.integers(0, len(cells) - 1))
    if kind == "delete_cell":
        del cells[j]
        lines[i] = ",".join(cells)
    elif kind == "blank_cell":
        cells[j] = ""
        lines[i] = ",".join(cells)
    elif kind == "replace_cell":
        cells[j] = draw(GARBAGE)
        lines[i] = ",".join(cells)
    elif kind == "garbage":
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(GARBAGE) + lines[i][at:]
    elif kind == "duplicate_row" and len(lines) > 1:
        k = draw(st.integers(1, len(lines) - 1))
        lines.insert(draw(st.integers(1, len(lines))), lines[k])
    elif kind == "negate" and i > 0 and len(cells) > 2:
        cells[2] = "-" + cells[2]
        lines[i] = ",".join(cells)
    elif kind == "drop_column":
        lines = [",".join(c for n, c in enumerate(line.split(",")) if n != j) for line in lines]
    elif kind == "swap_rows" and len(lines) > 2:
        a, b = draw(st.integers(1, len(lines) - 1)), draw(st.integers(1, len(lines) - 1))
        lines[a], lines[b] = lines[b], lines[a]
    text = "\n".join(lines) + "\n"
    if kind == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    return text


def reference_reading(text):
    """Independent reading of a comma-separated file by the rules in the module docstring:
    the list of records if every row is valid, otherwise None."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=True))
    except csv.Error:
        return None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        return None
    names = [name.strip().lower() for name in rows[0]]
    known = ["subject", "arm", "time", "event", "strata", "stratum"]
    if any(names.count(name) > 1 for name in known) or ("strata" in names and "stratum" in names):
        return None
    if not all(name in names for name in known[:4]):
        return None
    strata = "strata" if "strata" in names else "stratum" if "stratum" in names else None
    records, seen = [], set()
    for row in rows[1:]:
        if len(row) != len(names):
            return None
        cell = {name: row[names.index(name)].strip() for name in known[:4]}
        if not cell["subject"] or not cell["arm"] or cell["subject"] in seen:
            return None
        seen.add(cell["subject"])
        if cell["event"] not in ("0", "1") or len(cell["time"]) > 100:
            return None
        if not cell["time"].isascii() or "_" in cell["time"]:
            return None
        try:
            time = float(cell["time"])
        except ValueError:
            return None
        if not math.isfinite(time) or time < 0:
            return None
        stratum = row[names.index(strata)].strip() if strata else ""
        records.append(R(cell["subject"], cell["arm"], time, cell["event"] == "1", stratum))
    return records


@st.composite
def corrupted_files(draw):
    lines, _ = draw(simple_files())
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(1, 3))):
        text = draw(corrupted(text.rstrip("\n").split("\n")))
    return text


@settings(FUZZ, max_examples=800)
@given(corrupted_files())
def test_fuzz_corrupted_files_are_read_exactly_or_refused_never_partially(text):
    result = outcome(text)
    check_invariants(result)
    expected = reference_reading(text)
    if isinstance(result, PatientData):
        data_rows = [
            row
            for row in csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
            if any(cell.strip() for cell in row)
        ][1:]
        assert len(result.records) == len(data_rows)
        assert expected is not None and list(result.records) == expected
    else:
        assert expected is None, f"valid file refused: {result}"


@settings(FUZZ, max_examples=400)
@given(simple_files(), st.data())
def test_fuzz_corruptions_that_always_break_a_file_are_refused_at_the_right_row(file, data):
    lines, records = file
    kind = data.draw(st.sampled_from(["delete_cell", "duplicate_row", "negate", "drop_required"]))
    k = data.draw(st.integers(1, len(lines) - 1))  # a data line; spreadsheet row k + 1
    cells = lines[k].split(",")
    if kind == "delete_cell":
        del cells[data.draw(st.integers(0, len(cells) - 1))]
        lines[k] = ",".join(cells)
        where = (k + 1, None)
    elif kind == "duplicate_row":
        lines.append(lines[k])
        where = (len(lines), "subject")
    elif kind == "negate":
        assume(records[k - 1].time > 0)
        cells[2] = "-" + cells[2]
        lines[k] = ",".join(cells)
        where = (k + 1, "time")
    else:
        column = data.draw(st.integers(0, 3))
        lines = [
            ",".join(c for n, c in enumerate(line.split(",")) if n != column) for line in lines
        ]
        where = (1, None)
    exc = refused("\n".join(lines) + "\n")
    assert (exc.errors[0].row, exc.errors[0].column) == where


# ---- (c) valid generated files round-trip exactly ------------------------------------

NAME_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
).map(str.strip)
NAMES = NAME_TEXT.filter(bool)


@st.composite
def valid_datasets(draw):
    subjects = draw(st.lists(NAMES, min_size=1, max_size=20, unique=True))
    arms = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    with_strata = draw(st.booleans())
    records = []
    for subject in subjects:
        time = draw(st.one_of(st.integers(0, 10**6).map(float), st.floats(0, 1e9, allow_nan=False)))
        stratum = draw(NAME_TEXT) if with_strata else ""
        records.append(R(subject, draw(st.sampled_from(arms)), time, draw(st.booleans()), stratum))
    return records, with_strata


def spelled_time(draw, time):
    text = draw(st.sampled_from([repr(time), f"{time:.17g}", repr(time).upper()]))
    if time == int(time) and time < 1e15:
        text = draw(st.sampled_from([text, str(int(time))]))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


@settings(FUZZ, max_examples=250)
@given(valid_datasets(), st.data())
def test_fuzz_valid_csv_round_trips_exactly(dataset, data):
    records, with_strata = dataset
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]))
    quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    columns = ["subject", "arm", "time", "event"] + (
        [data.draw(st.sampled_from(["strata", "stratum"]))] if with_strata else []
    )
    columns += data.draw(st.sampled_from([[], ["notes"]]))
    columns = data.draw(st.permutations(columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=newline)
    writer.writerow(
        [data.draw(st.sampled_from([c, c.upper(), c.title(), f" {c} "])) for c in columns]
    )
    for record in records:
        if data.draw(st.integers(0, 9)) == 0:
            writer.writerow([])  # a blank line, ignored
        cells = {
            "subject": record.subject,
            "arm": record.arm,
            "time": spelled_time(data.draw, record.time),
            "event": "1" if record.event else "0",
            "strata": record.stratum,
            "stratum": record.stratum,
            "notes": data.draw(NAME_TEXT),
        }
        writer.writerow([cells[c] for c in columns])
    text = buffer.getvalue()
    if data.draw(st.booleans()):
        text = "\ufeff" + text
    content = text.encode("utf-8") if data.draw(st.booleans()) else text

    result = read_patient_data(content)
    assert result == PatientData(
        records=tuple(records),
        format="csv",
        arms=tuple(dict.fromkeys(r.arm for r in records)),
    )


@settings(FUZZ, max_examples=150)
@given(valid_datasets(), st.data())
def test_fuzz_valid_adtte_round_trips_exactly(dataset, data):
    records, _ = dataset
    records = [dataclasses.replace(r, stratum="") for r in records]
    chosen, other = data.draw(st.sampled_from([("OS", "PFS"), ("PFS", "OS")]))
    with_other = data.draw(st.booleans())
    unit = data.draw(st.sampled_from([None, "DAYS", "MONTHS"]))
    arm_columns = data.draw(
        st.sampled_from([["TRT01P"], ["ARM"], ["TRT01P", "ARM"], ["ARM", "TRT01P"]])
    )
    columns = ["STUDYID", "USUBJID", "PARAMCD", "AVAL", "CNSR", *arm_columns]
    columns += ["AVALU"] if unit else []
    columns = data.draw(st.permutations(columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        rows = [(chosen, record)]
        if with_other:
            # Rows of the other parameter hold values that would be refused if they counted.
            rows.insert(data.draw(st.integers(0, 1)), (other, dataclasses.replace(record, arm="")))
        for code, rec in rows:
            cells = {
                "STUDYID": "MM-1",
                "USUBJID": rec.subject,
                "PARAMCD": code,
                "AVAL": spelled_time(data.draw, rec.time) if code == chosen else "-1",
                "CNSR": "0" if rec.event else str(data.draw(st.integers(1, 99))),
                "TRT01P": rec.arm,
                "ARM": "not this one" if "TRT01P" in arm_columns else rec.arm,
                "AVALU": unit if code == chosen else "YEARS",
            }
            writer.writerow([cells[c] for c in columns])

    result = read_patient_data(buffer.getvalue(), paramcd=chosen if with_other else None)
    assert result == PatientData(
        records=tuple(records),
        format="adtte",
        arms=tuple(dict.fromkeys(r.arm for r in records)),
        time_unit_hint=unit or "",
    )


def test_messages_never_leak_python_reprs_of_internal_objects():
    exc = refused(HEADER + "S1,A,\x07bell,1\n")
    assert "'\\x07bell'" in exc.errors[0].message
    assert not re.search(r"<[a-z_.]+ object at 0x", str(exc))
