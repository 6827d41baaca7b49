"""The review page holds two forms that each ask for a reason: every element has an id
of its own and each label names the field of its own form, as a screen reader announces
it and as a click on the label focuses it."""

import re

from django.urls import reverse

from vss.matching.tests.test_views_access import world  # noqa: F401  (fixture)
from vss.testing.clients import signed_in

ID = re.compile(r'\sid="([^"]+)"')
FORM = re.compile(r'<form[^>]*action="([^"]+)".*?</form>', re.S)
LABEL_FOR = re.compile(r'<label for="([^"]+)">')
FIELD_ID = re.compile(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"')


def test_each_reason_is_labelled_in_its_own_form(request, world):  # noqa: F811
    page = (
        signed_in(request, "legal")
        .get(reverse("matching:review", args=[world.candidate.pk]))
        .content.decode()
    )
    ids = ID.findall(page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    forms = {m[1]: m[0] for m in FORM.finditer(page)}
    for action in (
        reverse("matching:merge", args=[world.candidate.pk]),
        reverse("matching:different", args=[world.candidate.pk]),
    ):
        form = forms[action]
        assert 'name="reason"' in form
        assert set(LABEL_FOR.findall(form)) <= set(FIELD_ID.findall(form)), action


def test_the_side_by_side_table_heads_every_column(request, world):  # noqa: F811
    page = (
        signed_in(request, "legal")
        .get(reverse("matching:review", args=[world.candidate.pk]))
        .content.decode()
    )
    head = re.search(r'<table class="side-by-side">\s*<thead>(.*?)</thead>', page, re.S)[1]
    assert "<th></th>" not in head
    assert "Field" in head
