from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("community", "0002_dir_directory_filters")]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("new_request", "New request"),
                    ("accepted", "Accepted"),
                    ("reminder", "Reminder"),
                    ("expired", "Expired"),
                    ("declined", "Declined"),
                    ("invitation", "Invitation"),
                    ("withdrawn", "Withdrawn"),
                ],
                max_length=20,
            ),
        ),
    ]
