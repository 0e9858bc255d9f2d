"""The PostgreSQL indexes over tags and notes alone (network migration 0008) and over the words of
names alone (0010), as queries write them.

A query uses an expression index only when it writes the expression and the index's condition
exactly as the index does; the migration keeps its own copy, as migrations do, and
tests/explore/test_keywords.py checks that the planner takes the index.
"""

TAGS_NOTES = (
    "(setweight(to_tsvector('english', tags), 'C') || setweight(to_tsvector('simple', tags), 'C')"
    " || setweight(to_tsvector('english', notes), 'D') || setweight(to_tsvector('simple', notes), 'D'))"
)
HAS_TAGS_OR_NOTES = "(tags <> '' OR notes <> '')"
NAME_WORDS = "to_tsvector('simple', name)"
