from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0001_initial"),
    ]

    # The models moved to the conversations app; their tables stay and are renamed there.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="plannedquestion",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="plannedquestion",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="referral",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="referral",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="reflection",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="researchitem",
                    name="meeting",
                ),
                migrations.DeleteModel(
                    name="MeetingNotes",
                ),
                migrations.DeleteModel(
                    name="PlannedQuestion",
                ),
                migrations.DeleteModel(
                    name="Referral",
                ),
                migrations.DeleteModel(
                    name="Reflection",
                ),
                migrations.DeleteModel(
                    name="ResearchItem",
                ),
            ],
        ),
    ]
