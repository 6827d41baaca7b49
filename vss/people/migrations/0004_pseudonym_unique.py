from django.db import migrations, models
from django.db.models import Count


def set_duplicates_apart(apps, schema_editor):
    """Pseudonyms given twice before they had to be unique: the first person to hold one
    keeps it, the others get theirs followed by their record number."""
    Person = apps.get_model("people", "Person")
    in_use = Person.objects.filter(archived_at__isnull=True).exclude(pseudonym="")
    shared = (
        in_use.values("pseudonym")
        .annotate(holders=Count("id"))
        .filter(holders__gt=1)
        .values_list("pseudonym", flat=True)
    )
    taken = set(Person.objects.exclude(pseudonym="").values_list("pseudonym", flat=True))
    for pseudonym in list(shared):
        for person in in_use.filter(pseudonym=pseudonym).order_by("id")[1:]:
            suffix = f"-{person.pk}"
            candidate = pseudonym[: 60 - len(suffix)] + suffix
            while candidate in taken:
                suffix += "b"
                candidate = pseudonym[: 60 - len(suffix)] + suffix
            taken.add(candidate)
            Person.objects.filter(pk=person.pk).update(pseudonym=candidate)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_key_indexes"),
    ]

    operations = [
        migrations.RunPython(set_duplicates_apart, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("pseudonym", ""), _negated=True), ("archived_at__isnull", True)
                ),
                fields=("pseudonym",),
                name="person_pseudonym_unique",
            ),
        ),
    ]
