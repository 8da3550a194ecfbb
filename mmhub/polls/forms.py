"""The editors' poll form: the model's rules, plus what must not change once votes are in."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from .models import MAX_OPTIONS, MIN_OPTIONS


class PollForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.formsets.get("options")
        if options is not None:
            options.error_messages |= {
                "too_few_forms": f"A poll needs at least {MIN_OPTIONS} options; add another.",
                "too_many_forms": f"A poll has at most {MAX_OPTIONS} options; remove one.",
            }

    def clean(self):
        cleaned = super().clean()
        options = self.formsets.get("options")
        if options is None or not options.is_valid():
            return cleaned
        kept = [
            form
            for form in options.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("text") or "").strip()
        ]
        if not MIN_OPTIONS <= len(kept) <= MAX_OPTIONS:
            raise ValidationError(
                f"A poll has {MIN_OPTIONS} to {MAX_OPTIONS} options; this one has {len(kept)}. "
                "Add or remove options."
            )
        max_choices = cleaned.get("max_choices")
        if max_choices and max_choices > len(kept):
            self.add_error(
                "max_choices",
                f"There are only {len(kept)} options; allow at most {len(kept)} answers, "
                "or leave this empty.",
            )
        if self.instance.pk and self.instance.votes.exists():
            self._check_votes_kept(cleaned, options)
        return cleaned

    def _check_votes_kept(self, cleaned, options):
        """Removing an option or switching single/multiple would change what voters answered."""
        voted_for = set(self.instance.votes.values_list("choices__option_id", flat=True))
        for form in options.deleted_forms:
            if form.instance.pk in voted_for:
                raise ValidationError(
                    f"The option “{form.instance.text}” has votes, so it cannot be removed. "
                    "Restore it, or close this poll and start a new one."
                )
        stored_kind = (
            type(self.instance).objects.values_list("kind", flat=True).get(pk=self.instance.pk)
        )
        if cleaned.get("kind") and cleaned["kind"] != stored_kind:
            self.add_error(
                "kind",
                "This poll already has votes, so it cannot switch between single and multiple "
                "choice. Close it and start a new poll instead.",
            )
