"""Benchmark of the evidence engine: `make bench-evidence`.

KM + log-rank + Cox on 2,000 simulated patients (goal: under 200 ms), then the Kaplan–Meier figure
rendered cold (computed and drawn) and from the cache. Prints figures and their ratio to goals.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmhub.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402

from mmhub.evidence import services, stats  # noqa: E402
from mmhub.evidence.importer import read_patient_data  # noqa: E402
from mmhub.evidence.models import PatientDataSet  # noqa: E402

GOAL_STATS_MS = 200.0
PATIENTS = 2000
REPEATS = 15


def simulated_trial(seed=20261126):
    """Two arms of 1,000, exponential survival (HR 0.7), uniform censoring: a CSV file."""
    rng = np.random.default_rng(seed)
    lines = ["subject,arm,time,event"]
    for index in range(PATIENTS):
        arm = "Experimental" if index % 2 else "Control"
        rate = 0.7 / 24 if arm == "Experimental" else 1 / 24  # months
        event_time = rng.exponential(1 / rate)
        censor_time = rng.uniform(6, 72)
        time_ = min(event_time, censor_time)
        lines.append(f"s{index},{arm},{time_:.3f},{int(event_time <= censor_time)}")
    return "\n".join(lines) + "\n"


def timed(function, repeats=REPEATS):
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


def main():
    data = read_patient_data(simulated_trial())
    dataset = PatientDataSet(name="benchmark", source="simulated", time_unit="months")
    dataset.set_records(data)
    _, arms, times, events = dataset.columns()

    def analysis():
        stats.two_arm_summary(times, events, arms, reference="Control")

    analysis()  # warm-up: imports and first-call costs
    median_ms, best_ms = timed(analysis)
    options = dict(
        title="Benchmark",
        reference_arm="Control",
        display_unit="months",
        risk_interval=12,
        x_max=72,
        conf_type="log",
        show_ci=True,
    )

    def cold():
        cache.clear()
        services.kaplan_meier_figure(dataset, **options)

    cold_ms, cold_best = timed(cold, repeats=7)
    cache.clear()
    services.kaplan_meier_figure(dataset, **options)
    cached_ms, cached_best = timed(lambda: services.kaplan_meier_figure(dataset, **options), 200)

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"patients: {PATIENTS} (2 arms); cache backend: {backend}")
    print(
        f"KM + log-rank + Cox (two_arm_summary): median {median_ms:.1f} ms, best {best_ms:.1f} ms"
        f" -> {median_ms / GOAL_STATS_MS:.2f} x the 200 ms goal"
        f" ({'met' if median_ms < GOAL_STATS_MS else 'NOT met'})"
    )
    print(f"KM figure, cold (compute + draw SVG): median {cold_ms:.1f} ms, best {cold_best:.1f} ms")
    print(
        f"KM figure, cached: median {cached_ms:.3f} ms, best {cached_best:.3f} ms"
        f" -> cold/cached = {cold_ms / cached_ms:.0f}x"
    )
    return 0 if median_ms < GOAL_STATS_MS else 1


if __name__ == "__main__":
    sys.exit(main())
