"""Reading many tables as they were at one moment, while the rest of the site keeps writing.

A backup streams for as long as the download takes, section after section. Read in autocommit,
a person deleted after the people were written could still appear in a tie written later, and
restore would refuse that file. Reading inside one read-only transaction gives every query the
same state of the database without holding up anyone who writes:

- PostgreSQL: REPEATABLE READ, READ ONLY.
- SQLite (WAL): a deferred transaction. Django's own (`atomic`) begins IMMEDIATE here, which
  would take the write lock for the whole download, so this one is begun by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from django.db import connection, transaction

Item = TypeVar("Item")


def read_in_one_snapshot(items: Iterator[Item]) -> Iterator[Item]:
    """`items`, with every query made while producing them reading one state of the database."""
    connection.ensure_connection()
    if connection.in_atomic_block or not connection.get_autocommit():
        yield from items  # already in a transaction: the caller chose what it sees
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield from items
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield from items
        finally:
            if connection.connection is not None and connection.connection.in_transaction:
                with connection.cursor() as cursor:
                    cursor.execute("COMMIT")  # nothing was written: this only lets the snapshot go
    else:
        yield from items
