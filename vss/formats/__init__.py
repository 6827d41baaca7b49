"""Date formats for Cambodia: dates are written day first in every interface language,
so "05/03/1950" is 5 March, never 3 May (Django's English defaults are American)."""

DAY_FIRST_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]
