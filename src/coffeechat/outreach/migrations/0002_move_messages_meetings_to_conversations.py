from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0002_move_meeting_records_to_conversations"),
        ("outreach", "0001_initial"),
    ]

    # The models moved to the conversations app; their tables stay and are renamed there.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="meeting",
                    name="exploration",
                ),
                migrations.RemoveField(
                    model_name="meeting",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="meeting",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="message",
                    name="about",
                ),
                migrations.RemoveField(
                    model_name="message",
                    name="exploration",
                ),
                migrations.RemoveField(
                    model_name="message",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="message",
                    name="person",
                ),
                migrations.DeleteModel(
                    name="CalendarFeed",
                ),
                migrations.DeleteModel(
                    name="Meeting",
                ),
                migrations.DeleteModel(
                    name="Message",
                ),
            ],
        ),
    ]
