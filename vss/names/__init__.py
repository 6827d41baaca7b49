"""Keys that make the spellings of one Khmer name meet, for name search and the matcher.

- ``keys``: the search keys stored with every spelling of a person and looked up by name
  search and the live duplicate check (Khmer script normalised, Latin folded lightly).
- ``romanise``: Khmer script to Latin letters by rule, ID-card style.
- ``search``: the ways a typed search reads as names (words alone and run together), each
  part with its search key and its sound.
- ``phonetic``: the matcher's stricter phonetic key of a Latin name (or of a Khmer name
  through its romanisation).

A library, not an app: no models, no Django, so that the matching engine can use it
outside the web application (see PHONETICS.md).
"""
