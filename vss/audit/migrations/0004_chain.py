from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_alter_auditentry_action")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, editable=False, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="request_id",
            field=models.CharField(
                blank=True, db_index=True, max_length=64, verbose_name="request id"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="client_request_id",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="client's request id"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(
                default="",
                editable=False,
                max_length=64,
                verbose_name="hash of the entry before",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="hash"
            ),
            preserve_default=False,
        ),
    ]
