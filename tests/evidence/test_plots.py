"""Inline SVG figures: well-formed, CSP-safe, accessible, and drawn to the numbers they are given."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmhub.evidence.plots import (
    ForestRow,
    KMArm,
    forest_svg,
    km_svg,
    log_position,
    log_ticks,
    nice_ticks,
)

NS = "{http://www.w3.org/2000/svg}"
TRICKY = "A < B & \"C\" ≥ 1–2 'd'"

# Small, hand-checkable arms. S only changes at event times; the rest are censor-only times.
ARM_A = KMArm(
    label="Lenalidomide",
    times=(2.0, 3.0, 5.0, 7.0, 11.0, 13.0, 17.0),
    survival=(0.9, 0.9, 0.75, 0.6, 0.6, 0.4, 0.4),
    lower=(0.7, 0.7, 0.55, math.nan, 0.38, 0.2, 0.2),
    upper=(0.98, 0.98, 0.9, 0.8, 0.8, 0.65, 0.65),
    censor_times=(3.0, 11.0, 17.0),
    median=13.0,
)
ARM_B = KMArm(
    label="Observation",
    times=(1.0, 4.0, 6.0, 8.0, 9.0, 14.0),
    survival=(0.85, 0.7, 0.5, 0.35, 0.35, 0.2),
    censor_times=(9.0, 9.0),
    median=6.0,
)
RISK_TIMES = (0, 5, 10, 15)
AT_RISK = ((20, 15, 9, 3), (20, 12, 5, 1))


def render_km(arms=(ARM_A, ARM_B), **kwargs):
    options = dict(
        risk_times=RISK_TIMES,
        at_risk=AT_RISK,
        title="Progression-free survival",
        description="Two arms, median 13 vs 6 months.",
        x_label="Months",
        legend_note="HR 0.59 (95% CI 0.42–0.82); log-rank p = 0.0013",
    )
    options.update(kwargs)
    return km_svg(list(arms), **options)


FOREST_ROWS = (
    ForestRow(
        "All patients (ITT)", 0.46, None, None, n="1,137 vs 834", detail="HR 0.46; p < 0.0001"
    ),
    ForestRow("Overall survival, all patients", 0.87, None, None, detail="HR 0.87; p = 0.15"),
    ForestRow("Made-up row with a CI", 0.47, 0.37, 0.58, n="1971", detail="HR 0.47 (0.37–0.58)"),
    ForestRow("Not published", None, None, None),
    ForestRow("Overall", 0.52, 0.45, 0.61, is_summary=True),
)


def render_forest(rows=FOREST_ROWS, **kwargs):
    options = dict(
        title="Myeloma XI",
        description="Hazard ratios for lenalidomide maintenance.",
        favours_left="Favours lenalidomide",
        favours_right="Favours observation",
    )
    options.update(kwargs)
    return forest_svg(list(rows), **options)


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 -- our own renderer output, not untrusted input


def text_of(el):
    """A <text>'s content; wrapped lines (tspans) are joined with the space they replaced."""
    spans = el.findall(f"{NS}tspan")
    return " ".join(t.text or "" for t in spans) if spans else (el.text or "")


def by_class(root, name):
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def numbers(d):
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]


def path_points(d):
    """Absolute M/L/H/V/Z path → list of (x, y) vertices (the only commands the renderer emits)."""
    points, x, y = [], 0.0, 0.0
    for cmd, args in re.findall(r"([MLHVZmv])([^MLHVZmv]*)", d):
        vals = numbers(args)
        if cmd in "ML":
            x, y = vals
        elif cmd == "H":
            (x,) = vals
        elif cmd == "V":
            (y,) = vals
        elif cmd == "v":
            (dy,) = vals
            y += dy
        elif cmd == "Z":
            continue
        points.append((x, y))
    return points


def km_frame(root):
    """(x0, y_top, y_bottom, x1) from the axis path M x0 y_top V y_bottom H x1."""
    (axis,) = by_class(root, "km-axis")
    x0, y_top, y_bot, x1 = numbers(axis.get("d"))
    return x0, y_top, y_bot, x1


def tick_x(root, cls):
    return {float(t.get("data-value")): float(t.get("x")) for t in by_class(root, cls)}


ALL_FIGURES = {
    "km": lambda: render_km(show_ci=True),
    "km-long-labels": lambda: render_km(
        (KMArm("Lenalidomide maintenance ≥ 21 days of 28", ARM_A.times, ARM_A.survival), ARM_B)
    ),
    "forest-columns": lambda: render_forest(label_heading="Population", detail_heading="HR"),
    "forest-stacked": lambda: render_forest(layout="stacked"),
}


# --------------------------------------------------------------------------- all figures


@pytest.mark.parametrize("name", ALL_FIGURES)
def test_figure_is_well_formed_accessible_svg(name):
    root = parse(ALL_FIGURES[name]())

    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    # Scales with its container: no fixed pixel size that could overflow a phone.
    assert root.get("width") == "100%" and root.get("height") is None
    ids = root.get("aria-labelledby").split()
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text and desc.text
    # Real, selectable text.
    assert len(list(root.iter(f"{NS}text"))) > 5


@pytest.mark.parametrize("name", ALL_FIGURES)
def test_figure_is_safe_under_the_content_security_policy(name):
    svg = ALL_FIGURES[name]()
    for el in parse(svg).iter():
        assert el.tag not in (f"{NS}style", f"{NS}script", f"{NS}foreignObject", f"{NS}image")
        assert el.tag != f"{NS}a"
        for attr, value in el.attrib.items():
            assert attr != "style"
            assert not attr.lower().startswith("on"), attr
            assert "href" not in attr
            assert "url(" not in value
    assert not re.search(r"\sstyle\s*=", svg)


def test_id_prefix_keeps_several_figures_on_one_page_apart():
    one = parse(render_km(id_prefix="km-pfs"))
    two = parse(render_km(id_prefix="km-os"))
    assert one.get("aria-labelledby") == "km-pfs-title km-pfs-desc"
    assert two.get("aria-labelledby") == "km-os-title km-os-desc"
    odd = parse(render_forest(id_prefix='3 "bad" id'))
    for ref in odd.get("aria-labelledby").split():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", ref)
        assert any(el.get("id") == ref for el in odd.iter())


def test_data_text_is_escaped_and_round_trips():
    arm = KMArm(TRICKY, ARM_B.times, ARM_B.survival)
    km = render_km((ARM_A, arm), title=TRICKY, description=TRICKY, legend_note=TRICKY)
    forest = render_forest(
        (ForestRow(TRICKY, 0.8, 0.6, 1.1, n=TRICKY, detail=TRICKY),), title=TRICKY
    )
    for svg, classes in (
        (km, ("km-legend-label", "km-risk-label", "km-legend-note")),
        (forest, ("forest-label", "forest-n", "forest-detail")),
    ):
        root = parse(svg)
        assert root.find(f"{NS}title").text == TRICKY
        for cls in classes:
            assert TRICKY in [text_of(t) for t in by_class(root, cls)], cls
        assert "< B" not in svg and '"C"' not in svg


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_label_gives_well_formed_xml(label):
    root = parse(render_forest((ForestRow(label, 1.2, 0.9, 1.6, detail=label),), title=label))
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", label)
    # XML parsers normalise CR / CRLF to LF; compare after the same normalisation.
    expected = expected.replace("\r\n", "\n").replace("\r", "\n")
    assert (root.find(f"{NS}title").text or "") == expected


# --------------------------------------------------------------------------- Kaplan–Meier


def test_km_curves_start_at_one_and_never_rise():
    root = parse(render_km())
    x0, y_top, y_bot, x1 = km_frame(root)
    curves = by_class(root, "km-curve")
    assert len(curves) == 2
    for curve in curves:
        pts = path_points(curve.get("d"))
        assert pts[0] == (x0, y_top)  # t = 0, S = 1
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        assert xs == sorted(xs)  # time only moves forward
        assert ys == sorted(ys)  # SVG y grows downwards: S never increases
        assert max(ys) <= y_bot and max(xs) <= x1


def test_km_curve_levels_match_the_survival_values():
    root = parse(render_km())
    _x0, y_top, y_bot, _x1 = km_frame(root)
    (curve_a, _curve_b) = by_class(root, "km-curve")
    levels = sorted({p[1] for p in path_points(curve_a.get("d"))})
    expected = sorted({y_bot - s * (y_bot - y_top) for s in (1.0, *ARM_A.survival)})
    assert levels == pytest.approx(expected, abs=0.01)


def test_km_curve_is_cut_at_x_max():
    root = parse(render_km(x_max=10, risk_times=(0, 5, 10), at_risk=((20, 15, 9), (20, 12, 5))))
    x0, _y_top, _y_bot, x1 = km_frame(root)
    for curve in by_class(root, "km-curve"):
        assert max(p[0] for p in path_points(curve.get("d"))) == pytest.approx(x1)


def test_km_censor_ticks_one_per_censoring_and_on_the_curve():
    root = parse(render_km())
    x0, y_top, y_bot, x1 = km_frame(root)
    ticks_a, ticks_b = by_class(root, "km-censor")
    assert ticks_a.get("d").count("M") == len(ARM_A.censor_times)
    assert ticks_b.get("d").count("M") == len(ARM_B.censor_times)
    # The tick at t = 11 straddles S(11) = 0.6.
    xt = tick_x(root, "km-tick-x")
    x_of = (xt[15] - xt[0]) / 15
    centres = [((x), (y + 4.5)) for x, y in path_points(ticks_a.get("d"))[::2]]
    assert centres[1][0] == pytest.approx(xt[0] + 11 * x_of, abs=0.02)
    assert centres[1][1] == pytest.approx(y_bot - 0.6 * (y_bot - y_top), abs=0.02)


def test_km_numbers_at_risk_in_order_and_under_their_ticks():
    root = parse(render_km())
    xt = tick_x(root, "km-tick-x")
    assert sorted(xt) == list(RISK_TIMES)  # the ticks are the risk times
    counts = by_class(root, "km-risk-count")
    assert [c.text for c in counts] == [str(v) for row in AT_RISK for v in row]
    for c in counts:
        assert float(c.get("x")) == pytest.approx(xt[float(c.get("data-time"))])
    heading = by_class(root, "km-risk-heading")
    assert heading and heading[0].text == "Number at risk"
    labels = [t.text for t in by_class(root, "km-risk-label")]
    assert labels == ["Lenalidomide", "Observation"]
    # The table sits under the x axis.
    _x0, _y_top, y_bot, _x1 = km_frame(root)
    assert min(float(c.get("y")) for c in counts) > y_bot


def test_km_at_risk_labels_do_not_collide_with_first_count():
    root = parse(render_km())
    x0, *_ = km_frame(root)
    for label in by_class(root, "km-risk-label"):
        # label start + generous width estimate stays left of the (centred) first count
        assert float(label.get("x")) + 7.5 * len(label.text) < x0 - 6


def test_km_median_drop_line_sits_at_the_median_time():
    root = parse(render_km())
    _x0, y_top, y_bot, _x1 = km_frame(root)
    xt = tick_x(root, "km-tick-x")
    x_of = (xt[15] - xt[0]) / 15
    medians = by_class(root, "km-median")
    assert len(medians) == 2
    for line, arm in zip(medians, (ARM_A, ARM_B), strict=True):
        (top, bottom) = path_points(line.get("d"))
        assert top[0] == bottom[0] == pytest.approx(xt[0] + arm.median * x_of, abs=0.02)
        assert top[1] == pytest.approx((y_top + y_bot) / 2)  # S = 0.5
        assert bottom[1] == pytest.approx(y_bot)
    assert not by_class(parse(render_km(show_medians=False)), "km-median")


def test_km_ci_band_only_when_asked_and_split_at_missing_limits():
    assert not by_class(parse(render_km()), "km-ci")
    bands = by_class(parse(render_km(show_ci=True)), "km-ci")
    # ARM_A has a nan lower limit at t = 7, which splits its band in two; ARM_B has no CI.
    assert len(bands) == 2
    for band in bands:
        assert band.get("fill-opacity") == "0.15"


def test_km_arms_differ_by_colour_and_dash():
    root = parse(render_km())
    a, b = by_class(root, "km-curve")
    assert a.get("stroke") != b.get("stroke")
    assert a.get("stroke-dasharray") != b.get("stroke-dasharray")


def test_km_legend_lists_arms_and_note_above_the_plot():
    root = parse(render_km())
    _x0, y_top, _y_bot, _x1 = km_frame(root)
    legend = by_class(root, "km-legend-label")
    assert [t.text for t in legend] == ["Lenalidomide", "Observation"]
    (note,) = by_class(root, "km-legend-note")
    assert "log-rank p = 0.0013" in text_of(note)
    assert all(float(t.get("y")) < y_top for t in [*legend, note])


def test_km_y_axis_in_percent():
    root = parse(render_km())
    assert [t.text for t in by_class(root, "km-tick-y")] == ["0%", "25%", "50%", "75%", "100%"]


def test_km_rejects_inconsistent_input():
    with pytest.raises(ValueError):
        render_km((KMArm("x", (1.0, 2.0), (0.5,)),), at_risk=((1, 1, 1, 1),))
    with pytest.raises(ValueError):
        render_km(at_risk=((1, 2),))
    with pytest.raises(ValueError):
        render_km(at_risk=((1, 2), (3, 4)))


# --------------------------------------------------------------------------- scales


def test_nice_ticks():
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    for lo, hi in ((0, 1022), (0, 7.3), (3, 97), (0, 60), (0.5, 0.51)):
        ticks = nice_ticks(lo, hi)
        assert 2 <= len(ticks) <= 6
        assert ticks[0] <= lo and ticks[-1] >= hi
        steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1
        mantissa = steps.pop() / 10 ** math.floor(math.log10(ticks[1] - ticks[0]))
        assert round(mantissa, 6) in (1, 2, 2.5, 5)


def test_log_position_is_logarithmic():
    assert log_position(1, 0.25, 4, 0, 100) == pytest.approx(50)
    assert log_position(0.25, 0.25, 4, 0, 100) == 0
    assert log_position(4, 0.25, 4, 0, 100) == pytest.approx(100)
    left, mid, right = (log_position(v, 0.1, 10, 40, 240) for v in (0.5, 1, 2))
    assert mid - left == pytest.approx(right - mid)
    with pytest.raises(ValueError):
        log_position(0, 0.25, 4, 0, 100)


def test_log_ticks_cover_the_range_with_powers_of_two():
    assert log_ticks(0.37, 2) == (0.25, 2, [0.25, 0.5, 1, 2])
    lo, hi, ticks = log_ticks(0.003, 40)
    assert lo <= 0.003 and hi >= 40 and 3 <= len(ticks) <= 9


# --------------------------------------------------------------------------- forest


def forest_geometry(root):
    (ref,) = by_class(root, "forest-ref")
    ref_x = numbers(ref.get("d"))[0]
    (axis,) = by_class(root, "forest-axis")
    x0, _y, x1 = numbers(axis.get("d"))
    return ref_x, x0, x1


def square_centre(rect):
    return float(rect.get("x")) + float(rect.get("width")) / 2


def test_forest_log_scale_puts_half_and_double_equidistant_from_reference():
    rows = (ForestRow("half", 0.5, None, None), ForestRow("double", 2.0, None, None))
    root = parse(render_forest(rows))
    ref_x, x0, x1 = forest_geometry(root)
    half, double = (square_centre(r) for r in by_class(root, "forest-point"))
    assert ref_x - half == pytest.approx(double - ref_x, abs=0.02)
    ticks = tick_x(root, "forest-tick")
    assert ticks[1.0] == pytest.approx(ref_x)
    assert ticks[0.5] == pytest.approx(half) and ticks[2.0] == pytest.approx(double)
    assert x0 == pytest.approx(min(ticks.values())) and x1 == pytest.approx(max(ticks.values()))


def test_forest_ticks_cover_all_estimates_and_cis():
    root = parse(render_forest())
    ticks = sorted(tick_x(root, "forest-tick"))
    assert ticks[0] <= 0.37 and ticks[-1] >= 1 and 1.0 in ticks


def test_forest_point_without_ci_has_marker_but_no_ci_line():
    root = parse(render_forest((ForestRow("All patients (ITT)", 0.46, None, None),)))
    assert len(by_class(root, "forest-point")) == 1
    assert not by_class(root, "forest-ci")
    assert not by_class(root, "forest-clip")


def test_forest_row_with_ci_draws_it_at_the_right_places():
    root = parse(render_forest((ForestRow("made up", 0.47, 0.37, 0.58),)))
    (ci,) = by_class(root, "forest-ci")
    (xa, ya), (xb, yb) = path_points(ci.get("d"))
    ref_x, x0, x1 = forest_geometry(root)
    lo, hi = sorted(tick_x(root, "forest-tick"))[0], sorted(tick_x(root, "forest-tick"))[-1]
    assert xa == pytest.approx(log_position(0.37, lo, hi, x0, x1), abs=0.02)
    assert xb == pytest.approx(log_position(0.58, lo, hi, x0, x1), abs=0.02)
    assert ya == yb


def test_forest_row_without_estimate_says_not_reported_and_has_no_marker():
    root = parse(render_forest((ForestRow("Not published", None, None, None),)))
    assert not by_class(root, "forest-point")
    assert not by_class(root, "forest-ci")
    (nr,) = by_class(root, "forest-nr")
    assert nr.text == "not reported"
    other = parse(render_forest((ForestRow("x", None, 0.5, 0.9),), not_reported="n/r"))
    assert not by_class(other, "forest-point") and not by_class(other, "forest-ci")
    assert by_class(other, "forest-nr")[0].text == "n/r"


def test_forest_ci_beyond_the_axis_is_clipped_with_an_arrow():
    root = parse(render_forest((ForestRow("wide", 2.0, 0.9, 60.0),)))
    ref_x, x0, x1 = forest_geometry(root)
    (ci,) = by_class(root, "forest-ci")
    xs = [p[0] for p in path_points(ci.get("d"))]
    assert x0 <= min(xs) and max(xs) < x1
    (arrow,) = by_class(root, "forest-clip")
    assert "forest-clip--right" in arrow.get("class")
    assert max(p[0] for p in path_points(arrow.get("d"))) == pytest.approx(x1)
    # A forced axis range clips both ends.
    both = parse(render_forest((ForestRow("x", 1.2, 0.3, 3.0),), x_range=(0.5, 2)))
    assert {a.get("class").split()[-1] for a in by_class(both, "forest-clip")} == {
        "forest-clip--left",
        "forest-clip--right",
    }


def test_forest_summary_row_is_a_diamond():
    root = parse(render_forest())
    (diamond,) = by_class(root, "forest-summary")
    assert diamond.tag == f"{NS}path"
    assert len(path_points(diamond.get("d"))) == 4
    squares = [r for r in by_class(root, "forest-point") if r.tag == f"{NS}rect"]
    assert len(squares) == 3  # ITT, OS, made-up row; none for "Not published"


def test_forest_columns_show_label_n_and_detail():
    root = parse(render_forest())
    assert [t.text for t in by_class(root, "forest-n")] == ["1,137 vs 834", "1971"]
    details = [text_of(t) for t in by_class(root, "forest-detail")]
    assert details[0] == "HR 0.46; p < 0.0001"
    labels = [text_of(t) for t in by_class(root, "forest-label")]
    assert labels[0] == "All patients (ITT)"
    ref_x, x0, x1 = forest_geometry(root)
    # Columns: label and N to the left of the plot, detail to the right.
    assert all(float(t.get("x")) < x0 for t in by_class(root, "forest-n"))
    assert all(float(t.get("x")) > x1 for t in by_class(root, "forest-detail"))


def test_forest_favours_labels_either_side_of_the_reference():
    root = parse(render_forest())
    ref_x, *_ = forest_geometry(root)
    (left,) = by_class(root, "forest-favours--left")
    (right,) = by_class(root, "forest-favours--right")
    assert "Favours lenalidomide" in text_of(left)
    assert left.get("text-anchor") == "end" and float(left.get("x")) < ref_x
    assert float(right.get("x")) > ref_x


def test_forest_stacked_reference_line_never_crosses_a_label():
    root = parse(render_forest(layout="stacked"))
    (ref,) = by_class(root, "forest-ref")
    segments = list(zip(*[iter(path_points(ref.get("d")))] * 2, strict=True))
    for label in by_class(root, "forest-label"):
        baseline = float(label.get("y"))
        for (_x, top), (_x2, bottom) in segments:
            assert not (top - 2 <= baseline - 6 <= bottom + 2)


def test_forest_rejects_bad_options():
    with pytest.raises(ValueError):
        render_forest(layout="grid")
    with pytest.raises(ValueError):
        render_forest(reference=0)
