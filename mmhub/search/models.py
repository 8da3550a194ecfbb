"""What readers search for, counted per day: no reader, no session, no address, only the words."""

from django.db import models


class SearchTermDay(models.Model):
    """How often a normalised search term was searched on one day, and how often it found
    nothing. Editors read it to see what readers look for and what the site lacks."""

    day = models.DateField()
    term = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="search_term_per_day")]
        indexes = [models.Index(fields=["day"])]
        verbose_name = "search term"

    def __str__(self):
        return f"{self.day}: {self.term}"
