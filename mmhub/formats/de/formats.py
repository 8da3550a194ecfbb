# Figures as published (the decimal point), dates as this language writes them (Django's formats).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
