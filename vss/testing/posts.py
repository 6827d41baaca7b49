"""Bodies of the forms the tests send, so that one test's "valid VIF" is every test's."""

from typing import Any

from vss.proceedings.models import Case


def vif_post(case: Case, **overrides: Any) -> dict[str, Any]:
    """A new VIF as intake sends it: one applicant in village 12010101, a Civil Party
    application in `case`, no crimes or harms, and one document row (a family book) whose
    file the test gives (`documents-0-file`, or a staged token)."""
    data: dict[str, Any] = {
        "applicant-family_name_km": "ជា",
        "applicant-given_name_km": "សុភា",
        "applicant-family_name_latin": "CHEA",
        "applicant-given_name_latin": "Sophea",
        "applicant-sex": "female",
        "applicant-ethnicity": "khmer",
        "applicant-village": "12010101",
        "filing-channel": "in_person",
        "filing-signature": "thumbprint",
        f"cases-case_{case.pk}": "civil_party",
        "crimes-TOTAL_FORMS": "0",
        "crimes-INITIAL_FORMS": "0",
        "harms-TOTAL_FORMS": "0",
        "harms-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-kind": "family_book",
    }
    data.update(overrides)
    return data
