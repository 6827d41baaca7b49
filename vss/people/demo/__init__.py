"""People for the demo data: the name lists (names.py) and the maker of applicants and
their relatives (maker.py). People come into the demo with the forms that name them, so
the applications' step draws them; this app registers no step of its own."""
