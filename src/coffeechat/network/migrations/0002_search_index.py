"""The full-text index over network_searchentry, in each database's own way."""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE network_person_fts USING fts5(
        name, title, organization, tags, notes,
        content='network_searchentry', content_rowid='person_id',
        tokenize='porter unicode61 remove_diacritics 2',
        prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER network_searchentry_ai AFTER INSERT ON network_searchentry BEGIN
        INSERT INTO network_person_fts(rowid, name, title, organization, tags, notes)
        VALUES (new.person_id, new.name, new.title, new.organization, new.tags, new.notes);
    END
    """,
    """
    CREATE TRIGGER network_searchentry_ad AFTER DELETE ON network_searchentry BEGIN
        INSERT INTO network_person_fts(network_person_fts, rowid, name, title, organization, tags, notes)
        VALUES ('delete', old.person_id, old.name, old.title, old.organization, old.tags, old.notes);
    END
    """,
    """
    CREATE TRIGGER network_searchentry_au AFTER UPDATE ON network_searchentry BEGIN
        INSERT INTO network_person_fts(network_person_fts, rowid, name, title, organization, tags, notes)
        VALUES ('delete', old.person_id, old.name, old.title, old.organization, old.tags, old.notes);
        INSERT INTO network_person_fts(rowid, name, title, organization, tags, notes)
        VALUES (new.person_id, new.name, new.title, new.organization, new.tags, new.notes);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS network_searchentry_au",
    "DROP TRIGGER IF EXISTS network_searchentry_ad",
    "DROP TRIGGER IF EXISTS network_searchentry_ai",
    "DROP TABLE IF EXISTS network_person_fts",
]

# Names are matched as written ('simple'); the other fields also through the English stemmer,
# so "engineering" finds "engineer" while a title like "IT lead" is not lost to stop words.
POSTGRESQL_CREATE = [
    """
    ALTER TABLE network_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name), 'A')
        || setweight(to_tsvector('english', title), 'B')
        || setweight(to_tsvector('simple', title), 'B')
        || setweight(to_tsvector('english', organization), 'B')
        || setweight(to_tsvector('simple', organization), 'B')
        || setweight(to_tsvector('english', tags), 'C')
        || setweight(to_tsvector('simple', tags), 'C')
        || setweight(to_tsvector('english', notes), 'D')
        || setweight(to_tsvector('simple', notes), 'D')
    ) STORED
    """,
    "CREATE INDEX network_searchentry_vector ON network_searchentry USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS network_searchentry_vector",
    "ALTER TABLE network_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
