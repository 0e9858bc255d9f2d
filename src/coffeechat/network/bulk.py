"""Inserting tens of thousands of rows without building a model object for each.

Django's bulk_create spends most of its time on per-object bookkeeping (about 45 µs a row);
an import of 30,000 people writes over 100,000 rows. Here rows are plain tuples sent with
executemany, and ids are taken before the insert: from the sequence on PostgreSQL, and on
SQLite from the table's counter, which is safe because an import runs in one transaction
that holds SQLite's write lock from its first statement (IMMEDIATE mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],  # type: ignore[union-attr]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    skip_taken: bool = False,
) -> None:
    """INSERT the rows (values in the order of `fields`, already as the database stores them);
    `skip_taken`: a row a unique constraint already holds is left out (ON CONFLICT DO NOTHING)."""
    if not rows:
        return
    columns = [model._meta.get_field(name).column for name in fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
    if skip_taken:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
