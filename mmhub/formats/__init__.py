"""Date and number formats per interface language (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own locale formats is here: English dates written out in full
("18 November 2026"), and in every language figures keep the decimal point they were published
with ("HR 0.46"), as the machine-translation glossary keeps them (docs/decisions.md).
"""
