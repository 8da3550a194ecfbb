"""Accessible, self-contained inline SVG figures: Kaplan–Meier curves and forest plots.

Pure Python on purpose (no Django, no matplotlib). Matplotlib's SVG output depends on ``style``
attributes and a ``<style>`` element, which our Content-Security-Policy (``style-src 'self'``)
blocks once the SVG is inlined in a page, and it draws text as unlabelled paths. The renderers
here therefore only ever emit SVG *presentation attributes* (``fill``, ``stroke``,
``font-size`` …) plus ``class`` hooks for the site stylesheet; the figures look right without
any CSS. There is no ``style``, ``<style>``, ``<script>``, event handler, ``url(…)`` or
``href`` anywhere in the output.

Every figure is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>`` (ids
derived from ``id_prefix`` so several figures can share a page). Its width is set only by the
``viewBox`` and ``width="100%"``, so it scales to its container; the viewBox widths and font
sizes are chosen so that text stays legible (≈ 9 CSS px and up) when a figure is squeezed to a
360 px wide phone column. Text is real ``<text>``: selectable, searchable and translatable.
Data text (labels, titles, notes) is XML-escaped. The English default labels ("Number at risk",
"Hazard ratio (log scale)" …) are for direct use; pages pass every label in the reader's
language (``services`` does), which keeps this module free of Django.

Arms/series are distinguished by colour (each ≥ 4.5:1 against white) *and* dash pattern, so the
figures survive greyscale printing and colour-vision deficiency.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ForestRow",
    "KMArm",
    "PALETTE",
    "forest_svg",
    "km_svg",
    "log_position",
    "log_ticks",
    "nice_ticks",
    "text_width",
]

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1b2430"  # site --ink
MUTED = "#4a5565"  # site --muted, 7.4:1 on white
AXIS = "#39424e"
GRID = "#e4e8ec"

# (colour, stroke-dasharray or None). Colours all have ≥ 4.5:1 contrast against white, so they
# also serve as text colours; the dash patterns keep arms apart in greyscale.
PALETTE: tuple[tuple[str, str | None], ...] = (
    ("#0b4f6c", None),  # site blue, solid
    ("#b3261e", "8 4"),  # red, dashed
    ("#6b4e00", "2 3"),  # brown, dotted
    ("#1d5e2c", "10 3 2 3"),  # green, dash-dot
    ("#5b2a86", "4 2"),  # purple, short dash
    ("#3d3d3d", "12 3 2 3 2 3"),  # grey, dash-dot-dot
)


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class KMArm:
    """One arm of a Kaplan–Meier figure.

    ``times`` are the distinct observed times (events or censorings), ascending and > 0;
    ``survival[i]`` is S(t) just after ``times[i]`` (S = 1 before the first time). ``lower`` /
    ``upper`` are the pointwise confidence limits at the same times (``math.nan`` allowed).
    """

    label: str
    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...] | None = None
    upper: tuple[float, ...] | None = None
    censor_times: tuple[float, ...] = ()
    median: float | None = None


@dataclass(frozen=True)
class ForestRow:
    """One row of a forest plot. Missing numbers stay missing: nothing is ever invented."""

    label: str
    hr: float | None
    lower: float | None
    upper: float | None
    n: str = ""
    detail: str = ""
    is_summary: bool = False


# --------------------------------------------------------------------------- helpers

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ID_INVALID = re.compile(r"[^A-Za-z0-9_.-]")


def _esc(text: object) -> str:
    """Escape for XML text *and* double-quoted attribute values; drop XML-illegal characters."""
    s = _XML_INVALID.sub("", str(text))
    return (
        s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _safe_id(prefix: str) -> str:
    s = _ID_INVALID.sub("-", prefix.strip()) or "plot"
    if not (s[0].isalpha() or s[0] == "_"):
        s = "p-" + s
    return s


def _n(v: float) -> str:
    """Compact coordinate formatting (2 decimals, no trailing zeros)."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _fmt_tick(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return str(round(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def _char_em(c: str) -> float:
    """Rough advance width (in em) of a character in a typical sans-serif UI font."""
    if c in "il.,;:'|!Ijt()[]f·":
        return 0.3
    if c == " ":
        return 0.28
    if c in "mwMW%@":
        return 0.85
    if c.isdigit():
        return 0.56
    if c.isupper():
        return 0.66
    if c.islower():
        return 0.52
    return 0.6


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Estimated rendered width of ``text`` (user units), for layout.

    The per-character table matches Arial/Roboto/Segoe-like metrics; the 1.15 factor covers the
    widest common fallback (DejaVu Sans on Linux), so estimates err on the wide side.
    """
    w = sum(_char_em(c) for c in text) * font_size * 1.15
    return w * (1.04 if bold else 1.0)


def _wrap(text: str, max_width: float, font_size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by estimated width, preferring breaks after "; " (between statistics).

    A single over-long word keeps its own line.
    """
    if "; " in text and text_width(text, font_size, bold) > max_width:
        lines: list[str] = []
        cur = ""
        for part in text.split("; "):
            cand = f"{cur}; {part}" if cur else part
            if text_width(cand + ";", font_size, bold) <= max_width:
                cur = cand
                continue
            if cur:
                lines.append(cur + ";")
            cur = part
            if text_width(part + ";", font_size, bold) > max_width:
                *full, cur = _wrap_words(part, max_width, font_size, bold)
                lines.extend(full)
        lines.append(cur)
        return lines
    return _wrap_words(text, max_width, font_size, bold)


def _wrap_words(text: str, max_width: float, font_size: float, bold: bool = False) -> list[str]:
    words = text.split()
    if not words:
        return [""] if text == "" else [text]
    lines: list[str] = []
    cur = words[0]
    for word in words[1:]:
        cand = f"{cur} {word}"
        if text_width(cand, font_size, bold) <= max_width:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    lines.append(cur)
    return lines


def _text(
    x: float,
    y: float,
    content: str | Sequence[str],
    *,
    size: float,
    anchor: str = "start",
    fill: str | None = None,
    weight: str | None = None,
    cls: str | None = None,
    line_height: float | None = None,
    extra: str = "",
) -> str:
    """A ``<text>`` element; several lines become ``<tspan>``s. ``y`` is the first baseline."""
    lines = [content] if isinstance(content, str) else list(content)
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"', f'font-size="{_n(size)}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if fill:
        attrs.append(f'fill="{fill}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if cls:
        attrs.append(f'class="{cls}"')
    if extra:
        attrs.append(extra)
    if len(lines) == 1:
        return f"<text {' '.join(attrs)}>{_esc(lines[0])}</text>"
    lh = line_height or size * 1.25
    spans = [f'<tspan x="{_n(x)}" y="{_n(y)}">{_esc(lines[0])}</tspan>']
    spans += [f'<tspan x="{_n(x)}" dy="{_n(lh)}">{_esc(line)}</tspan>' for line in lines[1:]]
    return f"<text {' '.join(attrs)}>{''.join(spans)}</text>"


def _svg_open(width: float, height: float, prefix: str, kind: str, title: str, desc: str) -> str:
    pid = _safe_id(prefix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{pid}-title {pid}-desc" '
        f'class="mm-plot mm-plot--{kind}" font-family="{_esc(FONT_FAMILY)}" fill="{INK}">'
        f'<title id="{pid}-title">{_esc(title)}</title>'
        f'<desc id="{pid}-desc">{_esc(desc)}</desc>'
    )


def _dash(dash: str | None) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _arm_style(i: int) -> tuple[str, str | None]:
    return PALETTE[i % len(PALETTE)]


# --------------------------------------------------------------------------- scales and ticks


def nice_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """At most ``max_ticks`` evenly spaced "nice" values (steps 1, 2, 2.5, 5 × 10ⁿ).

    The first tick is ≤ ``lo`` and the last ≥ ``hi``, so the ticks cover the range.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("nice_ticks needs finite bounds")
    if hi < lo:
        lo, hi = hi, lo
    max_ticks = max(2, int(max_ticks))
    if hi == lo:
        if lo == 0:
            return [0.0, 1.0]
        hi = lo + abs(lo) * 0.1
    span = hi - lo
    exp = math.floor(math.log10(span / max_ticks)) - 1
    while True:
        base = 10.0**exp
        for m in (1.0, 2.0, 2.5, 5.0):
            step = m * base
            first = math.floor(lo / step + 1e-9)
            last = math.ceil(hi / step - 1e-9)
            if last - first + 1 <= max_ticks:
                digits = max(0, -exp + 1)
                return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]
        exp += 1


def log_position(value: float, lo: float, hi: float, x0: float, x1: float) -> float:
    """Map ``value`` onto [x0, x1] on a logarithmic scale whose ends are ``lo`` and ``hi``."""
    if value <= 0 or lo <= 0 or hi <= 0:
        raise ValueError("log scale needs positive values")
    if hi == lo:
        raise ValueError("log scale needs lo != hi")
    return x0 + (math.log(value) - math.log(lo)) / (math.log(hi) - math.log(lo)) * (x1 - x0)


def log_ticks(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """Axis limits and ticks for a log axis covering [lo, hi] (positive).

    Ratios up to 64 get powers of two (… 0.25, 0.5, 1, 2, 4 …, symmetric around 1); wider ranges
    get 1–2–5 per decade, or whole decades when that would be too crowded.
    Returns ``(axis_lo, axis_hi, ticks)`` with ``axis_lo``/``axis_hi`` themselves ticks.
    """
    if lo <= 0 or hi <= 0:
        raise ValueError("log_ticks needs positive bounds")
    if hi < lo:
        lo, hi = hi, lo
    a = math.floor(math.log2(lo) + 1e-9)
    b = math.ceil(math.log2(hi) - 1e-9)
    if b == a:
        b += 1
    if b - a <= 6:
        ticks = [2.0**k for k in range(a, b + 1)]
        return ticks[0], ticks[-1], ticks
    a10 = math.floor(math.log10(lo) + 1e-9)
    b10 = math.ceil(math.log10(hi) - 1e-9)
    cands = [m * 10.0**e for e in range(a10, b10 + 1) for m in (1, 2, 5)]
    start = max(c for c in cands if c <= lo * (1 + 1e-9))
    end = min(c for c in cands if c >= hi * (1 - 1e-9))
    ticks = [c for c in cands if start * (1 - 1e-9) <= c <= end * (1 + 1e-9)]
    if len(ticks) > 9:
        ticks = [10.0**e for e in range(a10, b10 + 1)]
    ticks = [float(f"{t:.6g}") for t in ticks]
    return ticks[0], ticks[-1], ticks


# --------------------------------------------------------------------------- Kaplan–Meier


def _step_value(times: Sequence[float], values: Sequence[float], t: float, before: float) -> float:
    i = bisect_right(times, t) - 1
    return before if i < 0 else values[i]


def _validate_arm(arm: KMArm) -> None:
    if len(arm.times) != len(arm.survival):
        raise ValueError(f"arm {arm.label!r}: times and survival differ in length")
    for name in ("lower", "upper"):
        seq = getattr(arm, name)
        if seq is not None and len(seq) != len(arm.times):
            raise ValueError(f"arm {arm.label!r}: {name} and times differ in length")
    if any(b < a for a, b in zip(arm.times, arm.times[1:], strict=False)):
        raise ValueError(f"arm {arm.label!r}: times must be ascending")


def _km_curve_path(arm: KMArm, x, y, t_max: float) -> str:
    """Post-step path from (0, 1): horizontal to each time, then vertical to its new S."""
    parts = [f"M{_n(x(0))} {_n(y(1.0))}"]
    s_prev = 1.0
    last_x_time = 0.0
    for t, s in zip(arm.times, arm.survival, strict=True):
        if t > t_max:
            break
        last_x_time = t
        if s != s_prev:
            parts.append(f"H{_n(x(t))}V{_n(y(s))}")
            s_prev = s
    # Carry the last level to the last observed time (censor-only tail) or to the axis end.
    end = t_max if arm.times and arm.times[-1] > t_max else last_x_time
    if end > 0:
        parts.append(f"H{_n(x(end))}")
    return "".join(parts)


def _km_band_paths(arm: KMArm, x, y, t_max: float) -> list[str]:
    """Stepped CI band polygons, split wherever a limit is missing (nan)."""
    if arm.lower is None or arm.upper is None or not arm.times:
        return []
    times = [t for t in arm.times if t <= t_max]
    if not times:
        return []
    ends = [*times[1:], min(t_max, arm.times[-1])]
    if len(times) < len(arm.times):
        ends[-1] = t_max
    segments: list[list[tuple[float, float, float, float]]] = []
    cur: list[tuple[float, float, float, float]] = []
    for i, t in enumerate(times):
        lo, up = arm.lower[i], arm.upper[i]
        ok = lo is not None and up is not None and math.isfinite(lo) and math.isfinite(up)
        if ok:
            cur.append((t, ends[i], lo, up))
        elif cur:
            segments.append(cur)
            cur = []
    if cur:
        segments.append(cur)
    paths = []
    for seg in segments:
        # merge runs of intervals whose limits do not change (censor-only times)
        merged: list[list[float]] = []
        for t0, t1, lo, up in seg:
            if merged and merged[-1][2] == lo and merged[-1][3] == up and merged[-1][1] == t0:
                merged[-1][1] = t1
            else:
                merged.append([t0, t1, lo, up])
        if x(merged[-1][1]) - x(merged[0][0]) < 0.01:
            continue
        d = [f"M{_n(x(merged[0][0]))} {_n(y(merged[0][3]))}"]
        for k, (_t0, t1, _lo, up) in enumerate(merged):
            if k:
                d.append(f"V{_n(y(up))}")
            d.append(f"H{_n(x(t1))}")
        for t0, _t1, lo, _up in reversed(merged):
            d.append(f"V{_n(y(lo))}H{_n(x(t0))}")
        paths.append("".join(d) + "Z")
    return paths


def _x_axis_labels(
    out, ticks, x, y_axis, x_mid, x_label, fs_tick, fs_label, *, tick_cls, label_cls
):
    """Tick values under a horizontal axis and its title; returns the baseline of the title."""
    for t in ticks:
        out.append(
            _text(
                x(t),
                y_axis + 8 + fs_tick,
                _fmt_tick(t),
                size=fs_tick,
                anchor="middle",
                cls=tick_cls,
                extra=f'data-value="{_fmt_tick(t)}"',
            )
        )
    y_title = y_axis + 8 + fs_tick + 8 + fs_label
    out.append(_text(x_mid, y_title, x_label, size=fs_label, anchor="middle", cls=label_cls))
    return y_title


def km_svg(
    arms: Sequence[KMArm],
    *,
    risk_times: Sequence[float],
    at_risk: Sequence[Sequence[int]],
    title: str,
    description: str,
    x_label: str = "Time",
    y_label: str = "Survival probability",
    legend_note: str = "",
    show_ci: bool = False,
    show_medians: bool = True,
    x_max: float | None = None,
    id_prefix: str = "km",
    x_ticks: Sequence[float] | None = None,
    at_risk_heading: str = "Number at risk",
) -> str:
    """Kaplan–Meier figure with legend, optional CI bands, censor ticks, medians and an at-risk table.

    X ticks: ``x_ticks`` if given, else ``risk_times`` (so at-risk counts sit under the ticks,
    as in journal figures) when there are 2–13 of them, else :func:`nice_ticks`. The axis runs
    to ``x_max`` (default: the last observed time, or the last tick when the ticks are chosen
    automatically). Curves stop at their last observed time and are cut at ``x_max``.
    """
    if not arms:
        raise ValueError("km_svg needs at least one arm")
    for arm in arms:
        _validate_arm(arm)
    if risk_times and len(at_risk) != len(arms):
        raise ValueError("at_risk needs one row per arm")
    for row in at_risk:
        if len(row) != len(risk_times):
            raise ValueError("each at_risk row needs one count per risk time")

    last_time = max((a.times[-1] for a in arms if a.times), default=1.0)
    risk_list = [float(t) for t in risk_times]

    # ---- x axis range and ticks
    if x_ticks is not None:
        ticks = sorted(float(t) for t in x_ticks)
        axis_max = x_max if x_max is not None else max([last_time, *ticks])
    elif 2 <= len(risk_list) <= 13 and (x_max is None or max(risk_list) <= x_max):
        ticks = sorted(set(risk_list))
        axis_max = x_max if x_max is not None else max(last_time, ticks[-1])
    elif x_max is not None:
        ticks = [t for t in nice_ticks(0, x_max) if t <= x_max + 1e-9]
        axis_max = x_max
    else:
        ticks = nice_ticks(0, last_time)
        axis_max = ticks[-1]
    if axis_max <= 0:
        axis_max = 1.0
    ticks = [t for t in ticks if 0 <= t <= axis_max * (1 + 1e-9)]

    # ---- geometry (user units)
    W = 480.0
    pad = 6.0
    fs_tick, fs_label, fs_legend, fs_note, fs_risk = 13.0, 13.5, 13.5, 12.5, 13.0
    styles = [_arm_style(i) for i in range(len(arms))]

    # at-risk labels live in the left margin (with a line sample) unless too long → stacked
    sample_w = 18.0
    risk_label_w = max(text_width(a.label, fs_risk, bold=True) for a in arms)
    axis_margin = 64.0
    # the count under t = 0 is centred on the y axis: leave room for half of it
    first_count_w = max(
        (text_width(str(row[0]), fs_risk) for row in at_risk if row and risk_list[0] <= 0),
        default=0.0,
    )
    inline_margin = pad + sample_w + 5 + risk_label_w + 10 + first_count_w / 2
    stacked = bool(risk_list) and inline_margin > W * 0.34
    ml = axis_margin if (stacked or not risk_list) else max(axis_margin, inline_margin)
    mr = 18.0
    x0, x1 = ml, W - mr
    pw = x1 - x0

    # legend (above the plot, never over the curves)
    out_top: list[str] = []
    legend_items = []
    for i, arm in enumerate(arms):
        w = 30 + 7 + text_width(arm.label, fs_legend)
        legend_items.append((i, arm.label, w))
    rows_of_items: list[list[tuple[int, str, float]]] = [[]]
    cur_w = 0.0
    avail = W - x0 - pad
    for item in legend_items:
        if rows_of_items[-1] and cur_w + item[2] > avail:
            rows_of_items.append([])
            cur_w = 0.0
        rows_of_items[-1].append(item)
        cur_w += item[2] + 18
    y_cursor = 6.0
    legend_line_h = 20.0
    for row_items in rows_of_items:
        y_cursor += legend_line_h
        lx = x0
        for i, label, w in row_items:
            colour, dash = styles[i]
            ly = y_cursor - 4.5
            out_top.append(
                f'<path class="km-legend-line" d="M{_n(lx)} {_n(ly)}H{_n(lx + 30)}" '
                f'stroke="{colour}" stroke-width="2.5" fill="none"{_dash(dash)}/>'
            )
            out_top.append(_text(lx + 37, y_cursor, label, size=fs_legend, cls="km-legend-label"))
            lx += w + 18
    if legend_note:
        note_lines = _wrap(legend_note, W - x0 - pad, fs_note)
        y_cursor += fs_note + 7
        out_top.append(
            _text(
                x0,
                y_cursor,
                note_lines,
                size=fs_note,
                fill=MUTED,
                cls="km-legend-note",
                line_height=fs_note * 1.3,
            )
        )
        y_cursor += fs_note * 1.3 * (len(note_lines) - 1)
    y_top = y_cursor + 16  # top of plot area (y of S = 1)
    ph = 230.0
    y_bot = y_top + ph

    def x(t: float) -> float:
        return x0 + (t / axis_max) * pw

    def y(s: float) -> float:
        return y_bot - s * ph

    body: list[str] = []
    # gridlines
    grid = [f"M{_n(x0)} {_n(y(s))}H{_n(x1)}" for s in (0.25, 0.5, 0.75, 1.0)]
    grid += [f"M{_n(x(t))} {_n(y_top)}V{_n(y_bot)}" for t in ticks if t > 0]
    body.append(
        f'<path class="km-grid" d="{"".join(grid)}" stroke="{GRID}" stroke-width="1" fill="none"/>'
    )

    # CI bands
    if show_ci:
        for i, arm in enumerate(arms):
            colour, _ = styles[i]
            for d in _km_band_paths(arm, x, y, axis_max):
                body.append(
                    f'<path class="km-ci" d="{d}" fill="{colour}" fill-opacity="0.15" stroke="none"/>'
                )

    # median drop lines: one shared dashed line at 50 %, then a drop per arm in its colour
    if show_medians:
        medians = [
            (i, arm.median)
            for i, arm in enumerate(arms)
            if arm.median is not None and math.isfinite(arm.median) and 0 < arm.median <= axis_max
        ]
        if medians:
            x_far = max(x(m) for _i, m in medians)
            body.append(
                f'<path class="km-median-ref" d="M{_n(x0)} {_n(y(0.5))}H{_n(x_far)}" '
                f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 3" fill="none"/>'
            )
        for i, m in medians:
            colour, _ = styles[i]
            body.append(
                f'<path class="km-median" d="M{_n(x(m))} {_n(y(0.5))}V{_n(y_bot)}" '
                f'stroke="{colour}" stroke-width="1.2" stroke-dasharray="3 3" fill="none"/>'
            )

    # axes
    body.append(
        f'<path class="km-axis" d="M{_n(x0)} {_n(y_top)}V{_n(y_bot)}H{_n(x1)}" '
        f'stroke="{AXIS}" stroke-width="1" fill="none"/>'
    )
    # y ticks and labels
    ytick_d = "".join(f"M{_n(x0 - 5)} {_n(y(s))}H{_n(x0)}" for s in (0, 0.25, 0.5, 0.75, 1.0))
    body.append(f'<path d="{ytick_d}" stroke="{AXIS}" stroke-width="1" fill="none"/>')
    for s in (0, 0.25, 0.5, 0.75, 1.0):
        body.append(
            _text(
                x0 - 8,
                y(s) + fs_tick * 0.35,
                f"{round(s * 100)}%",
                size=fs_tick,
                anchor="end",
                cls="km-tick-y",
            )
        )
    ymid = (y_top + y_bot) / 2
    # y-axis title just left of the tick labels (the margin may be wider for the at-risk labels)
    y_title_base = max(pad + fs_label * 0.8, x0 - 8 - text_width("100%", fs_tick) - 8)
    body.append(
        _text(
            -ymid,
            y_title_base,
            y_label,
            size=fs_label,
            anchor="middle",
            cls="km-axis-label",
            extra='transform="rotate(-90)"',
        )
    )
    # x ticks and labels
    xtick_d = "".join(f"M{_n(x(t))} {_n(y_bot)}V{_n(y_bot + 5)}" for t in ticks)
    body.append(f'<path d="{xtick_d}" stroke="{AXIS}" stroke-width="1" fill="none"/>')
    y_cursor = _x_axis_labels(
        body,
        ticks,
        x,
        y_bot,
        (x0 + x1) / 2,
        x_label,
        fs_tick,
        fs_label,
        tick_cls="km-tick-x",
        label_cls="km-axis-label",
    )

    # curves and censor ticks (drawn last so they sit on top)
    for i, arm in enumerate(arms):
        colour, dash = styles[i]
        body.append(
            f'<path class="km-curve" d="{_km_curve_path(arm, x, y, axis_max)}" stroke="{colour}" '
            f'stroke-width="2" fill="none" stroke-linejoin="miter"{_dash(dash)}/>'
        )
        cens = [c for c in arm.censor_times if 0 <= c <= axis_max]
        if cens:
            d = "".join(
                f"M{_n(x(c))} {_n(y(_step_value(arm.times, arm.survival, c, 1.0)) - 4.5)}v9"
                for c in cens
            )
            body.append(
                f'<path class="km-censor" d="{d}" stroke="{colour}" stroke-width="1.3" '
                f'fill="none"/>'
            )

    # numbers at risk
    if risk_list:
        # shrink the counts (not below 10 units) when the risk times are closely spaced
        shown = sorted(x(t) for t in risk_list if 0 <= t <= axis_max * (1 + 1e-9))
        spacing = min((b - a for a, b in zip(shown, shown[1:], strict=False)), default=pw)
        widest = max((text_width(str(v), fs_risk) for row in at_risk for v in row), default=0.0)
        fs_count = fs_risk
        if widest > spacing - 4:
            fs_count = max(10.0, fs_risk * (spacing - 4) / widest)
        y_cursor += 26
        body.append(
            _text(
                pad,
                y_cursor,
                at_risk_heading,
                size=fs_risk,
                weight="600",
                cls="km-risk-heading",
            )
        )
        for i, arm in enumerate(arms):
            colour, dash = styles[i]
            y_cursor += fs_risk + 8
            body.append(
                f'<path class="km-risk-line" d="M{_n(pad)} {_n(y_cursor - 4)}H{_n(pad + sample_w)}" '
                f'stroke="{colour}" stroke-width="2.5" fill="none"{_dash(dash)}/>'
            )
            body.append(
                _text(
                    pad + sample_w + 5,
                    y_cursor,
                    arm.label,
                    size=fs_risk,
                    fill=colour,
                    weight="600",
                    cls="km-risk-label",
                )
            )
            if stacked:  # label on its own line, counts on the next
                y_cursor += fs_risk + 4
            for j, t in enumerate(risk_list):
                if not 0 <= t <= axis_max * (1 + 1e-9):
                    continue
                body.append(
                    _text(
                        x(t),
                        y_cursor,
                        str(at_risk[i][j]),
                        size=fs_count,
                        anchor="middle",
                        cls="km-risk-count",
                        extra=f'data-time="{_fmt_tick(t)}"',
                    )
                )
    height = y_cursor + 12

    return (
        _svg_open(W, height, id_prefix, "km", title, description)
        + "".join(out_top)
        + "".join(body)
        + "</svg>"
    )


# --------------------------------------------------------------------------- forest plot


def _present(*vals: float | None) -> bool:
    return all(v is not None and math.isfinite(v) and v > 0 for v in vals)


def forest_svg(
    rows: Sequence[ForestRow],
    *,
    title: str,
    description: str,
    x_label: str = "Hazard ratio (log scale)",
    favours_left: str = "",
    favours_right: str = "",
    reference: float = 1.0,
    id_prefix: str = "forest",
    x_range: tuple[float, float] | None = None,
    label_heading: str = "",
    n_heading: str = "N",
    detail_heading: str = "",
    not_reported: str = "not reported",
    layout: str = "columns",
) -> str:
    """Forest plot of hazard ratios on a log axis.

    ``layout="columns"`` (default): label | N | plot | detail, the journal layout (≈ 600–700
    units wide). ``layout="stacked"``: each row's label on its own line above the plot line,
    with N under the detail text; ≈ 460 units wide, for phone-width columns.

    Axis: ``x_range`` if given, else powers of two (or 1–2–5 decades) covering every point
    estimate and the reference, and CIs up to 8× beyond those; CI ends outside the axis are cut
    and drawn as arrows. Rows without a CI get a point only; rows without an HR show
    ``not_reported`` and no marker.
    """
    if layout not in ("columns", "stacked"):
        raise ValueError("layout must be 'columns' or 'stacked'")
    if not (reference > 0 and math.isfinite(reference)):
        raise ValueError("reference must be a positive number")
    stacked = layout == "stacked"

    # ---- axis
    if x_range is not None:
        lo_ax, hi_ax = sorted(x_range)
        if lo_ax <= 0:
            raise ValueError("x_range must be positive")
        _a, _b, all_ticks = log_ticks(lo_ax, hi_ax)
        ticks = [t for t in all_ticks if lo_ax * (1 - 1e-9) <= t <= hi_ax * (1 + 1e-9)]
    else:
        pts = [r.hr for r in rows if _present(r.hr)] + [reference]
        p_lo, p_hi = min(pts), max(pts)
        cis_lo = [r.lower for r in rows if _present(r.hr, r.lower, r.upper)]
        cis_hi = [r.upper for r in rows if _present(r.hr, r.lower, r.upper)]
        # a little air around the data; CIs reaching beyond 8x the point range get cut (arrows)
        d_lo = max(min([p_lo, *cis_lo]) / 1.08, p_lo / 8)
        d_hi = min(max([p_hi, *cis_hi]) * 1.08, p_hi * 8)
        # at least one tick either side of the reference
        d_lo = min(d_lo, reference / 2)
        d_hi = max(d_hi, reference * 2)
        lo_ax, hi_ax, ticks = log_ticks(d_lo, d_hi)

    # ---- geometry
    pad = 8.0
    gap = 18.0
    fs, fs_small, fs_tick = 13.0, 12.0, 12.0
    has_n = any(r.n for r in rows)
    label_w = min(max([text_width(r.label, fs, bold=r.is_summary) for r in rows] + [40.0]), 210.0)
    detail_w = min(
        max([text_width(r.detail, fs_small) for r in rows] + [text_width(detail_heading, fs)]),
        170.0,
    )
    if stacked:
        plot_w = 280.0
        n_w = 0.0
        x0 = pad + 6
        x1 = x0 + plot_w
        detail_x = x1 + gap
        W = detail_x + max(detail_w, 90.0) + pad
        label_w = W - 2 * pad
    else:
        plot_w = 230.0
        n_w = (
            min(
                max([text_width(r.n, fs_small) for r in rows] + [text_width(n_heading, fs)]),
                100.0,
            )
            if has_n
            else 0.0
        )
        n_x = pad + label_w + gap
        x0 = n_x + n_w + (gap if has_n else 0) + 6
        x1 = x0 + plot_w
        detail_x = x1 + gap
        W = detail_x + detail_w + pad
    ref_x = log_position(reference, lo_ax, hi_ax, x0, x1)

    def xp(v: float) -> float:
        return log_position(v, lo_ax, hi_ax, x0, x1)

    out: list[str] = []
    y_cursor = 8.0
    # ---- header
    headings = [(pad, label_heading, "start")]
    if not stacked and has_n:
        headings.append((n_x, n_heading, "start"))
    headings.append((detail_x, detail_heading, "start"))
    if any(h for _x, h, _a in headings):
        y_cursor += fs + 4
        for hx, h, anchor in headings:
            if h:
                out.append(
                    _text(
                        hx, y_cursor, h, size=fs, weight="600", anchor=anchor, cls="forest-heading"
                    )
                )
        y_cursor += 8
        out.append(
            f'<path d="M{_n(pad)} {_n(y_cursor)}H{_n(W - pad)}" stroke="{AXIS}" stroke-width="1"/>'
        )
    y_rows_top = y_cursor
    y_cursor += 6

    line_h_main = fs * 1.25
    line_h_small = fs_small * 1.25
    row_gap = 10.0
    marker_ys: list[float] = []
    for r in rows:
        bold = r.is_summary
        label_lines = _wrap(r.label, label_w, fs, bold=bold)
        detail_lines = _wrap(r.detail, detail_w, fs_small) if r.detail else []
        n_lines = _wrap(r.n, n_w, fs_small) if (r.n and not stacked) else []
        if stacked and r.n:
            detail_lines += _wrap(f"{n_heading} {r.n}" if n_heading else r.n, detail_w, fs_small)
        if r.is_summary:
            out.append(
                f'<path class="forest-summary-rule" d="M{_n(pad)} {_n(y_cursor - 2)}H{_n(W - pad)}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            y_cursor += 4
        if stacked:
            label_h = len(label_lines) * line_h_main
            out.append(
                _text(
                    pad,
                    y_cursor + fs,
                    label_lines,
                    size=fs,
                    weight="600" if bold else None,
                    cls="forest-label",
                    line_height=line_h_main,
                )
            )
            block_top = y_cursor + label_h + 2
            block_h = max(16.0, len(detail_lines) * line_h_small)
            cy = block_top + min(block_h, 16.0) / 2 + 1
            if detail_lines:
                out.append(
                    _text(
                        detail_x,
                        cy + fs_small * 0.35,
                        detail_lines,
                        size=fs_small,
                        fill=MUTED,
                        cls="forest-detail",
                        line_height=line_h_small,
                    )
                )
            row_bottom = block_top + block_h
        else:
            content_h = max(
                len(label_lines) * line_h_main,
                len(detail_lines) * line_h_small,
                len(n_lines) * line_h_small,
                18.0,
            )
            first_base = y_cursor + fs
            cy = y_cursor + fs * 0.65
            out.append(
                _text(
                    pad,
                    first_base,
                    label_lines,
                    size=fs,
                    weight="600" if bold else None,
                    cls="forest-label",
                    line_height=line_h_main,
                )
            )
            if n_lines:
                out.append(
                    _text(
                        n_x,
                        first_base,
                        n_lines,
                        size=fs_small,
                        fill=MUTED,
                        cls="forest-n",
                        line_height=line_h_small,
                    )
                )
            if detail_lines:
                out.append(
                    _text(
                        detail_x,
                        first_base,
                        detail_lines,
                        size=fs_small,
                        fill=MUTED,
                        cls="forest-detail",
                        line_height=line_h_small,
                    )
                )
            row_bottom = y_cursor + content_h
        marker_ys.append(cy)
        out.extend(_forest_marker(r, cy, xp, lo_ax, hi_ax, x0, x1, not_reported))
        y_cursor = row_bottom + row_gap

    y_axis = y_cursor
    # Reference line and light gridlines, drawn first so markers sit on top. In the stacked
    # layout they only run through the marker lines, never through the labels above them.
    if stacked and marker_ys:
        spans = [(cy - 11, cy + 11) for cy in marker_ys[:-1]] + [(marker_ys[-1] - 11, y_axis)]
    else:
        spans = [(y_rows_top, y_axis)]

    def vlines(xv: float) -> str:
        return "".join(f"M{_n(xv)} {_n(a)}V{_n(b)}" for a, b in spans)

    ref = (
        f'<path class="forest-ref" d="{vlines(ref_x)}" '
        f'stroke="{AXIS}" stroke-width="1.2" fill="none"/>'
    )
    grid = "".join(vlines(xp(t)) for t in ticks if abs(t - reference) > 1e-12)
    back = []
    if grid:
        back.append(
            f'<path class="forest-grid" d="{grid}" stroke="{GRID}" stroke-width="1" '
            f'stroke-dasharray="2 3" fill="none"/>'
        )
    back.append(ref)

    axis: list[str] = [
        f'<path class="forest-axis" d="M{_n(x0)} {_n(y_axis)}H{_n(x1)}" stroke="{AXIS}" '
        f'stroke-width="1" fill="none"/>',
        '<path d="'
        + "".join(f"M{_n(xp(t))} {_n(y_axis)}V{_n(y_axis + 5)}" for t in ticks)
        + f'" stroke="{AXIS}" stroke-width="1" fill="none"/>',
    ]
    y_cursor = _x_axis_labels(
        axis,
        ticks,
        xp,
        y_axis,
        (x0 + x1) / 2,
        x_label,
        fs_tick,
        fs,
        tick_cls="forest-tick",
        label_cls="forest-axis-label",
    )
    fav_h = 0.0
    if favours_left:
        lines = _wrap(f"← {favours_left}", max(ref_x - 6 - pad, 90.0), fs_small)
        axis.append(
            _text(
                ref_x - 6,
                y_cursor + 8 + fs_small,
                lines,
                size=fs_small,
                anchor="end",
                fill=MUTED,
                cls="forest-favours forest-favours--left",
            )
        )
        fav_h = max(fav_h, len(lines) * fs_small * 1.25)
    if favours_right:
        lines = _wrap(f"{favours_right} →", max(W - pad - ref_x - 6, 90.0), fs_small)
        axis.append(
            _text(
                ref_x + 6,
                y_cursor + 8 + fs_small,
                lines,
                size=fs_small,
                fill=MUTED,
                cls="forest-favours forest-favours--right",
            )
        )
        fav_h = max(fav_h, len(lines) * fs_small * 1.25)
    height = y_cursor + (8 + fav_h if fav_h else 0) + 10

    return (
        _svg_open(W, height, id_prefix, f"forest mm-plot--{layout}", title, description)
        + "".join(back)
        + "".join(out)
        + "".join(axis)
        + "</svg>"
    )


def _forest_marker(
    r: ForestRow, cy: float, xp, lo_ax: float, hi_ax: float, x0: float, x1: float, nr_text: str
) -> list[str]:
    out: list[str] = []
    colour = PALETTE[0][0]
    if not _present(r.hr):
        out.append(
            _text(
                (x0 + x1) / 2,
                cy + 4,
                nr_text,
                size=12,
                anchor="middle",
                fill=MUTED,
                cls="forest-nr",
                extra='font-style="italic" stroke="#ffffff" stroke-width="4" '
                'stroke-linejoin="round" paint-order="stroke"',
            )
        )
        return out
    hr = float(r.hr or 0)
    arrow = 6.0
    ci: tuple[float, float] | None = None
    if _present(r.lower, r.upper):
        lo, up = sorted((float(r.lower or 0), float(r.upper or 0)))
        ci = (lo, up)
        clip_lo, clip_hi = lo < lo_ax * (1 - 1e-9), up > hi_ax * (1 + 1e-9)
        xa = x0 + arrow if clip_lo else xp(max(lo, lo_ax))
        xb = x1 - arrow if clip_hi else xp(min(up, hi_ax))
        if not r.is_summary or clip_lo or clip_hi:
            out.append(
                f'<path class="forest-ci" d="M{_n(xa)} {_n(cy)}H{_n(xb)}" stroke="{INK}" '
                f'stroke-width="1.5" fill="none"/>'
            )
        if clip_lo:
            out.append(
                f'<path class="forest-clip forest-clip--left" d="M{_n(x0)} {_n(cy)}'
                f'L{_n(x0 + arrow)} {_n(cy - 4)}V{_n(cy + 4)}Z" fill="{INK}"/>'
            )
        if clip_hi:
            out.append(
                f'<path class="forest-clip forest-clip--right" d="M{_n(x1)} {_n(cy)}'
                f'L{_n(x1 - arrow)} {_n(cy - 4)}V{_n(cy + 4)}Z" fill="{INK}"/>'
            )
    if hr < lo_ax * (1 - 1e-9) or hr > hi_ax * (1 + 1e-9):
        # Point estimate itself off the axis (only with a forced x_range): arrow, no marker.
        edge, sign = (x0, 1) if hr < lo_ax else (x1, -1)
        out.append(
            f'<path class="forest-clip forest-clip--point" d="M{_n(edge)} {_n(cy)}'
            f'L{_n(edge + sign * 9)} {_n(cy - 5)}V{_n(cy + 5)}Z" fill="{colour}"/>'
        )
        return out
    xh = xp(hr)
    if r.is_summary:
        if ci is not None:
            xl, xr = xp(max(ci[0], lo_ax)), xp(min(ci[1], hi_ax))
        else:
            xl, xr = xh - 8, xh + 8
        xl, xr = min(xl, xh - 4), max(xr, xh + 4)
        out.append(
            f'<path class="forest-point forest-summary" d="M{_n(xl)} {_n(cy)}L{_n(xh)} {_n(cy - 7)}'
            f'L{_n(xr)} {_n(cy)}L{_n(xh)} {_n(cy + 7)}Z" fill="{colour}" stroke="{INK}" '
            f'stroke-width="0.8"/>'
        )
    else:
        s = 9.0
        out.append(
            f'<rect class="forest-point" x="{_n(xh - s / 2)}" y="{_n(cy - s / 2)}" '
            f'width="{_n(s)}" height="{_n(s)}" fill="{colour}"/>'
        )
    return out
