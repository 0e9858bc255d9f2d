"""On PostgreSQL, a small full-text index over tags and notes alone.

Suggestions look for the people whose tags or notes hold every word of an exploration. Through the
whole-profile index that meant intersecting the posting lists of words like "health" and "care",
which half of 100,000 profiles hold in a title or an organization (58 ms), to keep the few where
the words are in tags or notes. Most people have neither tags nor notes, so the index leaves them
out. SQLite's FTS5 table already searches those two columns alone.
"""

from django.db import migrations

# The tags-and-notes part of search_vector (0002), the same weights: ranks compare as before.
TAGS_NOTES = (
    "(setweight(to_tsvector('english', tags), 'C') || setweight(to_tsvector('simple', tags), 'C')"
    " || setweight(to_tsvector('english', notes), 'D') || setweight(to_tsvector('simple', notes), 'D'))"
)
HAS_TAGS_OR_NOTES = "(tags <> '' OR notes <> '')"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX network_searchentry_tags_notes ON network_searchentry "
            f"USING gin (({TAGS_NOTES})) WHERE {HAS_TAGS_OR_NOTES}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS network_searchentry_tags_notes")


class Migration(migrations.Migration):
    dependencies = [("network", "0007_person_org_strongest")]

    operations = [migrations.RunPython(create, drop)]
