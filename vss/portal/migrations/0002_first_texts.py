"""Publishes the public site's first texts, so that a fresh installation shows every page
in the three languages from its first start."""

from django.db import migrations
from django.utils import timezone

from ._first_texts import FIRST_TEXTS


def publish_first_texts(apps, schema_editor):
    ContentRevision = apps.get_model("portal", "ContentRevision")
    now = timezone.now()
    for page, language, title, summary, body in FIRST_TEXTS:
        # A text the staff already wrote for the page is kept.
        if ContentRevision.objects.filter(page=page, language=language).exists():
            continue
        ContentRevision.objects.create(
            page=page,
            language=language,
            title=title,
            summary=summary,
            body=body,
            status="published",
            note="First text of the site",
            published_at=now,
        )


def withdraw_first_texts(apps, schema_editor):
    ContentRevision = apps.get_model("portal", "ContentRevision")
    ContentRevision.objects.filter(written_by=None, note="First text of the site").delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(publish_first_texts, withdraw_first_texts)]
