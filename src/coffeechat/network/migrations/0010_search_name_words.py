"""On PostgreSQL, a small full-text index over the words of people's names alone.

Search while typing puts the people with a word of their name starting with what was typed first.
Through the whole-profile index, a name word like "mana" meant reading the 21,000 profiles whose
titles hold "manager" to keep the few where the word is in the name (weights are checked on the
rows, not in the index): 47 ms. SQLite's FTS5 table searches the name column alone already.
"""

from django.db import migrations

NAME_WORDS = "to_tsvector('simple', name)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX network_searchentry_name_words ON network_searchentry USING gin (({NAME_WORDS}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS network_searchentry_name_words")


class Migration(migrations.Migration):
    dependencies = [("network", "0009_person_owner_direct")]

    operations = [migrations.RunPython(create, drop)]
