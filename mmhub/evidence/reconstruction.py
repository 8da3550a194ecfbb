"""Pseudo-patient data from a published Kaplan–Meier figure, stored like an uploaded data set.

Input, as an editor prepares it: the digitised curve of each arm (arm, time, survival as a
proportion) and the numbers at risk printed under the figure (arm, time, n). The Guyot algorithm
(`ipd.reconstruct_ipd`) rebuilds each arm; the result goes through the same importer as an
upload, and the data set is flagged as reconstructed wherever it is shown.
"""

import csv
import io
from collections import defaultdict

from .importer import read_patient_data
from .ipd import reconstruct_ipd
from .models import PatientDataSet


class ReconstructionError(ValueError):
    pass


def _rows(text, columns, what):
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in columns if column not in header]
    if missing:
        raise ReconstructionError(
            f"The {what} file needs the columns {', '.join(columns)}; missing: "
            f"{', '.join(missing)}."
        )
    for line, row in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        try:
            yield row["arm"], float(row[columns[1]]), float(row[columns[2]])
        except ValueError as error:
            raise ReconstructionError(f"The {what} file, row {line}: {error}.") from error


def reconstruct_dataset(*, name, source, time_unit, points_csv, at_risk_csv, total_events=None):
    """Build and save a reconstructed PatientDataSet; raises ReconstructionError with the cause."""
    points, risk = defaultdict(list), defaultdict(list)
    for arm, time, survival in _rows(points_csv, ("arm", "time", "survival"), "curve"):
        points[arm].append((time, survival))
    for arm, time, count in _rows(at_risk_csv, ("arm", "time", "n"), "numbers-at-risk"):
        risk[arm].append((time, int(count)))
    if set(points) != set(risk):
        raise ReconstructionError(
            "The curve and the numbers at risk must name the same arms; the curve has "
            f"{', '.join(sorted(points))} and the table has {', '.join(sorted(risk))}."
        )
    lines = ["subject,arm,time,event"]
    for arm in points:
        table = sorted(risk[arm])
        try:
            times, events = reconstruct_ipd(
                points[arm],
                [time for time, _ in table],
                [count for _, count in table],
                (total_events or {}).get(arm),
            )
        except ValueError as error:
            raise ReconstructionError(f"Arm {arm}: {error}") from error
        slug = "".join(char for char in arm if char.isalnum())[:12] or "arm"
        for number, (time, event) in enumerate(zip(times, events, strict=True), start=1):
            lines.append(f'{slug}-{number:05d},"{arm}",{time:.6g},{event}')
    dataset = PatientDataSet(
        name=name,
        source=source,
        time_unit=time_unit,
        is_reconstructed=True,
        description="Pseudo-patient data reconstructed from a published Kaplan–Meier figure "
        "(Guyot P et al. BMC Med Res Methodol 2012;12:9).",
    )
    dataset.set_records(read_patient_data("\n".join(lines) + "\n"))
    dataset.full_clean(exclude=["records", "arms", "data_hash", "file_format"])
    dataset.save()
    return dataset
