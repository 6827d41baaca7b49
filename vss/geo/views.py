from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import village_label, village_search


@require_GET
def village_options(request: HttpRequest) -> HttpResponse:
    """Options for the village autocomplete: each value starts with the code, which is
    what the form keeps; the rest of the label is there for the eye."""
    query = request.GET.get("q", "").strip()
    villages = village_search(query) if len(query) >= 2 else []
    return render(
        request,
        "geo/village_options.html",
        {"options": [(v.code, village_label(v)) for v in villages]},
    )
