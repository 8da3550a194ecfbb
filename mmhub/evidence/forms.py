"""The admin form that imports a patient-level data file: whole or not at all."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .importer import ImportRefused, read_patient_data

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# ADTTE's AVALU, lower-cased and without a plural "s", to our time units.
AVALU_UNITS = {
    "day": "days",
    "d": "days",
    "week": "weeks",
    "wk": "weeks",
    "month": "months",
    "mo": "months",
    "year": "years",
    "yr": "years",
    "y": "years",
}
FORMAT_HELP = (
    "CSV with the columns subject, arm, time, event (1 = event, 0 = censored) and optionally "
    "strata; or a CDISC ADaM ADTTE export (USUBJID, PARAMCD, AVAL, CNSR with 0 = event, and "
    "TRT01P or ARM). Save it as CSV UTF-8. A file with any problem is refused whole."
)


class PatientDataSetForm(WagtailAdminModelForm):
    upload = forms.FileField(
        label="Data file", required=False, help_text=FORMAT_HELP, widget=forms.ClearableFileInput
    )
    paramcd = forms.CharField(
        label="ADTTE parameter",
        max_length=20,
        required=False,
        help_text="Only for ADTTE files holding several parameters, e.g. OS or PFS",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if not upload:
            if not self.instance.pk or not self.instance.records:
                self.add_error("upload", "Choose the data file to import.")
            return cleaned
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error(
                "upload", f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
            return cleaned
        try:
            data = read_patient_data(upload.read(), paramcd=cleaned.get("paramcd") or None)
        except ImportRefused as refused:
            self.add_error(
                "upload",
                ["Nothing was imported. Correct the file and upload it again."]
                + [error.message for error in refused.errors],
            )
            return cleaned
        hint = data.time_unit_hint.strip().lower().rstrip("s")
        if hint:
            unit = AVALU_UNITS.get(hint)
            if unit is None:
                self.add_error(
                    "upload",
                    f"The file gives its time unit (AVALU) as '{data.time_unit_hint}', which is "
                    "not days, weeks, months or years. Convert the times to one of those.",
                )
                return cleaned
            if unit != cleaned.get("time_unit"):
                self.add_error(
                    "time_unit",
                    f"The file says its times are in {unit} (AVALU); choose {unit} here.",
                )
                return cleaned
        self.instance.set_records(data)
        return cleaned
