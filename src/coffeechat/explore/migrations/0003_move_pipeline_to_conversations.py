from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("explore", "0002_pipeline_replied"),
    ]

    # The models moved to the conversations app; their tables stay and are renamed there.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="PipelineEntry",
                ),
            ],
        ),
    ]
