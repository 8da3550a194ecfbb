"""What the blocks and other apps ask of the evidence app: tables and figures, ready to render.

Published estimates are formatted as published. Survival from patient-level data is computed by
`stats` and drawn by `plots`; a figure is cached by the hash of its data and its options, so it is
computed once per data set, option set and interface language, on any web node sharing the cache.

Words go through Django's translation, so a reader gets them in the interface language. Numbers
and statistical notation ("HR", "95% CI", "p") stay as written in every language, as the
glossary keeps them for machine translation: "0.46" is never localised to "0,46".
"""

import hashlib
import json
import math
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language, gettext, gettext_lazy, pgettext

from . import plots, stats

# Days in each unit (Julian year; a month is a twelfth of it), as survival papers convert.
DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}
FIGURE_CACHE_SECONDS = 30 * 24 * 3600
FIGURE_VERSION = 2  # bump when the drawing or the computation changes
# Translators: in a table cell or a forest plot, where a trial did not publish the number.
NOT_REPORTED = gettext_lazy("Not reported")
# Time units as shown after a number ("39 months") and in axis titles ("Time (months)").
UNIT_LABELS = {
    # Translators: a time unit, plural, after a number ("39 days") and in "Time (days)".
    "days": gettext_lazy("days"),
    # Translators: a time unit, plural, after a number ("39 weeks") and in "Time (weeks)".
    "weeks": gettext_lazy("weeks"),
    # Translators: a time unit, plural, after a number ("39 months") and in "Time (months)".
    "months": gettext_lazy("months"),
    # Translators: a time unit, plural, after a number ("3 years") and in "Time (years)".
    "years": gettext_lazy("years"),
}
# How the confidence intervals of survival were computed.
CI_METHODS = {
    # Translators: a method for confidence intervals; "log" and "R" stay as written.
    "log": gettext_lazy("log (R's default)"),
    # Translators: a method for confidence intervals; "log(-log)" and "SAS" stay as written.
    "log-log": gettext_lazy("log(-log) (SAS's default)"),
}


def unit_label(unit):
    """The reader's name for a time unit; a unit we do not know is shown as stored."""
    return str(UNIT_LABELS.get(unit, unit))


def number(value):
    """A stored Decimal as published: 39.00 → "39", 0.460 → "0.46"."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def interval(lower, upper, level):
    if lower is None or upper is None:
        return ""
    return f"{level}% CI {number(lower)}–{number(upper)}"


def p_text(p_value):
    p_value = p_value.strip()
    if not p_value:
        return ""
    if p_value[0] in "<>=≤≥":
        return f"p {p_value}"
    return f"p = {p_value}"


def effect_text(estimate):
    parts = []
    if estimate.hr is not None:
        ci = interval(estimate.hr_lower, estimate.hr_upper, estimate.ci_level)
        parts.append(f"HR {number(estimate.hr)}" + (f" ({ci})" if ci else ""))
    if estimate.p_value:
        parts.append(p_text(estimate.p_value))
    return "; ".join(parts)


def _value(value, lower, upper, level, suffix):
    if value is None:
        return str(NOT_REPORTED)
    ci = interval(lower, upper, level)
    return f"{number(value)}{suffix}" + (f" ({ci})" if ci else "")


def estimate_rows(estimate):
    """Table rows for one estimate: its median and/or landmark rate; the effect on the first."""
    code, population = estimate.endpoint.code, estimate.population.name
    rows = []
    if estimate.median_a is not None or estimate.median_b is not None:
        unit = f" {unit_label(estimate.time_unit)}"
        rows.append(
            {
                "measure": estimate.label
                # Translators: a table row, e.g. "Median PFS, All patients (ITT)".
                or gettext("Median %(endpoint)s, %(population)s")
                % {"endpoint": code, "population": population},
                "value_a": _value(
                    estimate.median_a,
                    estimate.median_a_lower,
                    estimate.median_a_upper,
                    estimate.ci_level,
                    unit,
                ),
                "value_b": _value(
                    estimate.median_b,
                    estimate.median_b_lower,
                    estimate.median_b_upper,
                    estimate.ci_level,
                    unit,
                ),
            }
        )
    if estimate.landmark_a is not None or estimate.landmark_b is not None:
        rows.append(
            {
                "measure": f"{estimate.landmark} {code}, {population}".strip(),
                "value_a": _value(
                    estimate.landmark_a,
                    estimate.landmark_a_lower,
                    estimate.landmark_a_upper,
                    estimate.ci_level,
                    "%",
                ),
                "value_b": _value(
                    estimate.landmark_b,
                    estimate.landmark_b_lower,
                    estimate.landmark_b_upper,
                    estimate.ci_level,
                    "%",
                ),
            }
        )
    if not rows:
        rows.append(
            {
                "measure": estimate.label or f"{estimate.endpoint.name}, {population}",
                "value_a": str(NOT_REPORTED),
                "value_b": str(NOT_REPORTED),
            }
        )
    for row in rows:
        row["effect"] = ""
    rows[0]["effect"] = effect_text(estimate)
    return rows


def mixed_arms(estimates):
    """A message when the estimates do not compare the same two arms, else ""."""
    pairs = {(e.population.arm_a, e.population.arm_b) for e in estimates if e is not None}
    if len(pairs) > 1:
        listed = "; ".join(f"{a} vs {b}" for a, b in sorted(pairs))
        return gettext(
            "One table compares one pair of arms; these estimates compare %(pairs)s."
        ) % {"pairs": listed}
    return ""


def sources(estimates):
    seen = []
    for estimate in estimates:
        if estimate.citation not in seen:
            seen.append(estimate.citation)
    return "; ".join(seen)


def key_data_table(title, estimates, note=""):
    estimates = [estimate for estimate in estimates if estimate is not None]
    first = estimates[0].population if estimates else None
    rows = []
    populations = {estimate.population_id for estimate in estimates}
    if len(populations) == 1 and first.n_a is not None and first.n_b is not None:
        rows.append(
            {
                # Translators: a table row with the number of patients in each arm.
                "measure": gettext("Patients (N)"),
                "value_a": f"{first.n_a:,}",
                "value_b": f"{first.n_b:,}",
                "effect": "",
            }
        )
    rows += [row for estimate in estimates for row in estimate_rows(estimate)]
    return {
        "title": title,
        "arm_a": first.arm_a if first else "",
        "arm_b": first.arm_b if first else "",
        "rows": rows,
        "note": note,
        "source": sources(estimates),
    }


def forest_plot(title, estimates, *, favours_left="", favours_right=""):
    estimates = [estimate for estimate in estimates if estimate is not None]
    rows = [
        plots.ForestRow(
            label=estimate.row_label,
            hr=_float(estimate.hr),
            lower=_float(estimate.hr_lower),
            upper=_float(estimate.hr_upper),
            n=estimate.population.n_label,
            detail=effect_text(estimate) or str(NOT_REPORTED),
        )
        for estimate in estimates
    ]
    description = "; ".join(f"{row.label}: {row.detail}" for row in rows)
    options = dict(
        title=title,
        # Translators: the text description of a forest plot for screen readers; rows lists
        # each row as "Population and endpoint: HR 0.46 (95% CI 0.41–0.53); p < 0.0001".
        description=gettext("Hazard ratios with confidence intervals where published. %(rows)s")
        % {"rows": description},
        favours_left=_favours(favours_left),
        favours_right=_favours(favours_right),
        label_heading=gettext("Population and endpoint"),
        detail_heading=gettext("Hazard ratio"),
        x_label=gettext("Hazard ratio (log scale)"),
        # Translators: in a forest plot, where the hazard ratio was not published.
        not_reported=gettext("not reported"),
    )
    key = _short_hash(title, description)
    # Columns suit a wide screen; on a phone the stylesheet shows the stacked version instead.
    return {
        "title": title,
        "svg": plots.forest_svg(rows, **options, id_prefix=f"forest-{key}"),
        "svg_stacked": plots.forest_svg(
            rows, **options, layout="stacked", id_prefix=f"forest-{key}-s"
        ),
        "rows": rows,
        "source": sources(estimates),
    }


def _favours(treatment):
    if not treatment:
        return ""
    # Translators: under a forest plot's axis, on the side where that treatment does better.
    return gettext("Favours %(treatment)s") % {"treatment": treatment}


def _float(value):
    return None if value is None else float(value)


def _short_hash(*parts):
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:10]


def kaplan_meier_figure(dataset, **options):
    """The cached figure for a data set and options: the SVG and the numbers it shows.

    The figure's words are in the active language, so each language has its own cache entry.
    """
    key_options = json.dumps(options, sort_keys=True, default=str)
    key = (
        f"evidence:km:v{FIGURE_VERSION}:{get_language()}:{dataset.data_hash}:"
        f"{_short_hash(key_options)}"
    )
    figure = cache.get(key)
    if figure is None:
        figure = compute_kaplan_meier_figure(dataset, **options)
        cache.set(key, figure, FIGURE_CACHE_SECONDS)
    return figure


def compute_kaplan_meier_figure(
    dataset,
    *,
    title,
    reference_arm,
    endpoint_label=None,
    display_unit="months",
    risk_interval=12,
    x_max=None,
    conf_type="log",
    show_ci=False,
):
    if endpoint_label is None:
        # Translators: the endpoint a Kaplan–Meier figure shows unless the editor names another.
        endpoint_label = gettext("Overall survival")
    _, arms, times, events = dataset.columns()
    factor = DAYS_PER_UNIT[dataset.time_unit] / DAYS_PER_UNIT[display_unit]
    times = [time * factor for time in times]
    summary = stats.two_arm_summary(
        times, events, arms, reference=reference_arm, conf_type=conf_type
    )
    x_end = x_max or max(times)
    steps = int(math.floor(x_end / risk_interval + 1e-9))
    risk_times = [round(step * risk_interval, 6) for step in range(steps + 1)]
    at_risk = [stats.number_at_risk(curve, risk_times) for curve in summary.curves]
    hr = summary.hazard_ratio
    hr_text = f"HR {hr.hr:.2f} (95% CI {hr.lower:.2f}–{hr.upper:.2f})"
    logrank_text = _logrank_text(summary.logrank.p)
    ci_text = str(CI_METHODS[conf_type])
    legend_note = f"{summary.comparator} vs {summary.reference}: {hr_text}; {logrank_text}"
    arms_table = []
    plot_arms = []
    for curve, median in zip(summary.curves, summary.medians, strict=True):
        arms_table.append(
            {
                "arm": curve.label,
                "n": curve.n,
                "events": curve.events,
                "median": _median_text(median, display_unit),
            }
        )
        plot_arms.append(
            plots.KMArm(
                label=curve.label,
                times=curve.times,
                survival=curve.survival,
                lower=curve.lower,
                upper=curve.upper,
                censor_times=tuple(
                    time
                    for time, censored in zip(curve.times, curve.n_censored, strict=True)
                    if censored
                ),
                median=median.estimate,
            )
        )
    description = " ".join(
        [
            # Translators: starts the text description of a Kaplan–Meier figure for screen
            # readers, e.g. "Overall survival by arm."
            gettext("%(endpoint)s by arm.") % {"endpoint": endpoint_label},
            *(_arm_description(row) for row in arms_table),
            f"{legend_note}.",
        ]
    )
    svg = plots.km_svg(
        plot_arms,
        risk_times=risk_times,
        at_risk=at_risk,
        title=title,
        description=description,
        # Translators: axis title, e.g. "Time (months)".
        x_label=gettext("Time (%(unit)s)") % {"unit": unit_label(display_unit)},
        # Translators: axis title, e.g. "Overall survival (probability)".
        y_label=gettext("%(endpoint)s (probability)") % {"endpoint": endpoint_label},
        # Translators: heading of the table of patients still followed under a survival curve.
        at_risk_heading=gettext("Number at risk"),
        legend_note=f"{legend_note}; CI: {ci_text}",
        show_ci=show_ci,
        x_max=x_end,
        id_prefix=f"km-{_short_hash(dataset.data_hash, title, display_unit)}",
    )
    return {
        "title": title,
        "svg": svg,
        "arms": arms_table,
        "risk_times": [_trim(time) for time in risk_times],
        "at_risk": [
            {"arm": curve.label, "counts": counts}
            for curve, counts in zip(summary.curves, at_risk, strict=True)
        ],
        "hazard_ratio": f"{summary.comparator} vs {summary.reference}: {hr_text}",
        "logrank": logrank_text,
        "ci_method": ci_text,
        "display_unit": display_unit,
        "unit_label": unit_label(display_unit),
        "source": dataset.source,
        "is_reconstructed": dataset.is_reconstructed,
        "subjects": len(times),
    }


def _trim(value):
    return int(value) if float(value).is_integer() else round(value, 2)


def _logrank_text(p_value):
    if p_value < 0.0001:
        # Translators: a test result; keep "p", the sign and the number as written.
        return gettext("log-rank p < %(p)s") % {"p": "0.0001"}
    # Translators: a test result; keep "p", the sign and the number as written.
    return gettext("log-rank p = %(p)s") % {"p": f"{p_value:.2g}"}


def _arm_description(row):
    # Translators: one arm in the text description of a Kaplan–Meier figure, e.g. "Lenalidomide:
    # 767 patients, 486 events, median 87.3 months (95% CI 77.0–97.4)."
    return gettext("%(arm)s: %(patients)s patients, %(events)s events, median %(median)s.") % {
        "arm": row["arm"],
        "patients": row["n"],
        "events": row["events"],
        "median": row["median"],
    }


def _median_text(median, unit):
    if median.estimate is None:
        # Translators: a median survival time that the data have not reached yet.
        return gettext("not reached")
    # Translators: abbreviation of "not reached" for a confidence limit, as in "95% CI 77.0–NR".
    not_reached = pgettext("confidence limit", "NR")
    lower = not_reached if median.lower is None else f"{median.lower:.1f}"
    upper = not_reached if median.upper is None else f"{median.upper:.1f}"
    return f"{median.estimate:.1f} {unit_label(unit)} (95% CI {lower}–{upper})"


TRIAL_BLOCKS = ("trial_design",)
ESTIMATE_BLOCKS = ("trial_results", "forest_plot")


def list_items(raw_list):
    """ListBlock items as stored: `{"type": "item", "value": …, "id": …}` since Wagtail 2.16,
    bare values before."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in raw_list or []
    ]


def evidence_ids(raw_blocks):
    """(trial ids, estimate ids) that an article body names, read from its stored data: a
    trial-design block names a trial; key-data-from-results and forest-plot blocks name
    estimates, each of one trial. Kaplan–Meier blocks name a patient-level data set, which is
    not linked to a trial record."""
    trial_ids, estimate_ids = set(), set()
    for block in raw_blocks or []:
        value = block.get("value")
        if not isinstance(value, dict):
            continue
        if block.get("type") in TRIAL_BLOCKS and value.get("trial"):
            trial_ids.add(value["trial"])
        elif block.get("type") in ESTIMATE_BLOCKS:
            estimate_ids.update(pk for pk in list_items(value.get("estimates")) if pk)
    return trial_ids, estimate_ids


def trials_in_body(body):
    """The trials an article's body covers (see `evidence_ids`), by acronym; one query."""
    from django.db.models import Q

    from .models import Trial

    trial_ids, estimate_ids = evidence_ids(getattr(body, "raw_data", body))
    if not trial_ids and not estimate_ids:
        return []
    return list(
        Trial.objects.filter(Q(pk__in=trial_ids) | Q(estimates__pk__in=estimate_ids))
        .distinct()
        .order_by("acronym")
    )
