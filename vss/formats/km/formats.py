from vss.formats import DAY_FIRST_INPUT_FORMATS

# Django's Khmer formats, with day-first input and a numeric short date.
DATE_FORMAT = "j ខែ F ឆ្នាំ Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j ខែ F ឆ្នាំ Y, G:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y, G:i"
DATE_INPUT_FORMATS = DAY_FIRST_INPUT_FORMATS
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
# Thousands grouped where a number is shown grouped (a list's number of results).
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
