import importlib

import pytest
from django.apps import apps

# The first texts are published by a data migration; a test elsewhere in the run that
# empties the tables (the demo's reproducibility test flushes the database) can leave the
# portal's tests without them, as the whole run on PostgreSQL showed; so each test that
# may use the database has them published again, as a fresh installation would.
_first_texts = importlib.import_module("vss.portal.migrations.0002_first_texts")


@pytest.fixture(autouse=True)
def _first_texts_published(request):
    if request.node.get_closest_marker("django_db") is None:
        return
    _first_texts.publish_first_texts(apps, None)
