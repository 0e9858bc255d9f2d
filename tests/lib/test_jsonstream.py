import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.lib.jsonstream import in_chunks, json_object_chunks, json_object_pieces

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
documents = st.dictionaries(st.text(max_size=8), values, max_size=6)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_it_reads_back_as_the_same_document_keys_in_order(document: dict[str, Any]) -> None:
    text = "".join(json_object_pieces(document.items()))
    assert json.loads(text) == document and list(json.loads(text)) == list(document)
    assert "".join(json_object_chunks(document.items(), size=7)) == text


def test_each_record_has_a_line_and_other_values_are_indented() -> None:
    records = [{"name": "Kim", "notes": "line one\nline two"}, {"name": "Ana", "tags": ["a", "b"]}]
    text = "".join(
        json_object_pieces([("format", "x"), ("profile", {"pitch": "Hi"}), ("people", iter(records))])
    )
    assert text.splitlines() == [
        "{",
        ' "format": "x",',
        ' "profile": {',
        '  "pitch": "Hi"',
        " },",
        ' "people": [',
        '  {"name": "Kim", "notes": "line one\\nline two"},',
        '  {"name": "Ana", "tags": ["a", "b"]}',
        " ]",
        "}",
    ]


def test_it_reads_each_list_of_records_only_when_its_turn_comes() -> None:
    read: list[str] = []

    def records(name: str, count: int) -> Iterator[dict[str, Any]]:
        for n in range(count):
            read.append(name)
            yield {"n": n, "text": "line one\nline two \u2028 ünïcode"}

    pieces = json_object_pieces(
        [("format", "x"), ("people", records("people", 2)), ("none", records("none", 0))]
    )
    first = next(pieces)
    assert first == "{\n " and read == []
    text = first + "".join(pieces)
    assert read == ["people", "people"]
    assert json.loads(text) == {
        "format": "x",
        "people": [
            {"n": 0, "text": "line one\nline two \u2028 ünïcode"},
            {"n": 1, "text": "line one\nline two \u2028 ünïcode"},
        ],
        "none": [],
    }


def test_a_document_cut_anywhere_short_of_its_end_is_not_valid_json() -> None:
    text = "".join(json_object_pieces([("a", [{"b": [1, 2]}, {}]), ("c", "}")]))
    for end in range(len(text)):
        with pytest.raises(json.JSONDecodeError):
            json.loads(text[:end])


def test_chunks_are_about_the_size_asked_for() -> None:
    chunks = list(in_chunks(["ab"] * 10, size=5))
    assert "".join(chunks) == "ab" * 10 and [len(c) for c in chunks] == [6, 6, 6, 2]
