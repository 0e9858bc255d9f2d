import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import coffeechat.outreach.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("explore", "0003_move_pipeline_to_conversations"),
        ("interviews", "0002_move_meeting_records_to_conversations"),
        ("outreach", "0002_move_messages_meetings_to_conversations"),
        ("network", "0005_person_owner_title"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # These models were in explore, outreach and interviews: their tables already exist.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarFeed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "token",
                            models.CharField(
                                default=coffeechat.outreach.models.new_feed_token, max_length=64, unique=True
                            ),
                        ),
                        (
                            "owner",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outreach_calendarfeed",
                    },
                ),
                migrations.CreateModel(
                    name="Meeting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts", models.DateTimeField()),
                        ("time_zone", models.CharField(default="UTC", max_length=64)),
                        ("minutes", models.PositiveSmallIntegerField(default=30)),
                        ("place", models.CharField(blank=True, max_length=300)),
                        ("video_link", models.URLField(blank=True)),
                        ("phone", models.CharField(blank=True, max_length=64)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "exploration",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="meetings",
                                to="explore.exploration",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="meetings",
                                to="network.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outreach_meeting",
                        "ordering": ["starts"],
                    },
                ),
                migrations.CreateModel(
                    name="MeetingNotes",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.TextField(blank=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        (
                            "meeting",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes",
                                to="conversations.meeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_meetingnotes",
                    },
                ),
                migrations.CreateModel(
                    name="Message",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("intro_request", "Ask for an introduction"),
                                    ("direct_request", "Ask someone you do not know"),
                                    ("referred_request", "Ask someone you were referred to"),
                                    ("phone_script", "Phone script"),
                                    ("nudge", "Polite follow-up (once)"),
                                    ("thank_introducer", "Thank the introducer"),
                                    ("thank_you", "Thank them after the conversation"),
                                    ("check_in", "Keep in touch"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("email", "Email"),
                                    ("phone", "Phone"),
                                    ("mail", "Mail"),
                                    ("other", "Other"),
                                ],
                                default="email",
                                max_length=10,
                            ),
                        ),
                        ("subject", models.CharField(blank=True, max_length=300)),
                        ("body", models.TextField()),
                        ("sent", models.DateTimeField(blank=True, null=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "about",
                            models.ForeignKey(
                                blank=True,
                                help_text="For an introduction request or thanks: the person to be introduced to.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="network.person",
                            ),
                        ),
                        (
                            "exploration",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="messages",
                                to="explore.exploration",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="messages",
                                to="network.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outreach_message",
                        "ordering": ["-sent", "-created"],
                    },
                ),
                migrations.CreateModel(
                    name="PlannedQuestion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "theme",
                            models.CharField(
                                choices=[
                                    ("path", "Their path into the role"),
                                    ("day", "A typical day and week"),
                                    ("skills", "Skills that matter"),
                                    ("education", "Education and training"),
                                    ("likes", "Likes and dislikes"),
                                    ("pressures", "Pressures and frustrations"),
                                    ("balance", "Work and personal life"),
                                    ("culture", "Culture, team and autonomy"),
                                    ("success", "How success is measured"),
                                    ("entry", "Entry-level roles and breaking in"),
                                    ("trends", "How the field is changing"),
                                    ("reading", "What they read and follow"),
                                    ("groups", "Groups, associations and events"),
                                    ("mentorship", "Mentorship"),
                                    ("advice", "Advice for you"),
                                    ("referrals", "Whom else to talk to"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("text", models.CharField(max_length=500)),
                        ("minutes", models.PositiveSmallIntegerField(default=2)),
                        ("position", models.PositiveIntegerField(default=0)),
                        ("answer", models.TextField(blank=True)),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="plan",
                                to="conversations.meeting",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="interviews.question",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_plannedquestion",
                        "ordering": ["position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Referral",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("will_introduce", models.BooleanField(default=False)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="referrals",
                                to="conversations.meeting",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="network.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_referral",
                    },
                ),
                migrations.CreateModel(
                    name="Reflection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("appealed", models.TextField(blank=True, verbose_name="What appealed")),
                        ("not_appealing", models.TextField(blank=True, verbose_name="What did not")),
                        (
                            "pursue",
                            models.CharField(
                                blank=True,
                                choices=[("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")],
                                max_length=5,
                                verbose_name="Pursue this path?",
                            ),
                        ),
                        (
                            "entry",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("now", "I can enter at entry level with what I have"),
                                    ("experience", "I need more experience first"),
                                    ("class", "A targeted class would do"),
                                    ("certificate", "I need a professional certificate"),
                                    ("degree", "I need a degree"),
                                ],
                                max_length=12,
                                verbose_name="Can you get in?",
                            ),
                        ),
                        ("skills_to_build", models.TextField(blank=True, verbose_name="Skills to build")),
                        (
                            "already_bring",
                            models.TextField(blank=True, verbose_name="What you already bring"),
                        ),
                        (
                            "fit",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="Overall fit (1-5)",
                            ),
                        ),
                        ("impressions", models.TextField(blank=True, verbose_name="First impressions")),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        (
                            "meeting",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reflection",
                                to="conversations.meeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_reflection",
                    },
                ),
                migrations.CreateModel(
                    name="ResearchItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("label", models.CharField(max_length=200)),
                        ("notes", models.TextField(blank=True)),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="research",
                                to="conversations.meeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_researchitem",
                        "ordering": ["position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="PipelineEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "stage",
                            models.CharField(
                                choices=[
                                    ("identified", "Identified"),
                                    ("intro_asked", "Introduction asked"),
                                    ("request_sent", "Request sent"),
                                    ("replied", "Replied"),
                                    ("scheduled", "Scheduled"),
                                    ("interviewed", "Interviewed"),
                                    ("thanked", "Thanked"),
                                    ("declined", "Declined"),
                                    ("no_answer", "No answer"),
                                ],
                                default="identified",
                                max_length=14,
                            ),
                        ),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("replied", models.DateTimeField(blank=True, null=True)),
                        (
                            "exploration",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pipeline",
                                to="explore.exploration",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pipeline",
                                to="network.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "explore_pipelineentry",
                        "constraints": [
                            models.UniqueConstraint(fields=("exploration", "person"), name="pipeline_unique")
                        ],
                    },
                ),
            ],
        ),
    ]
