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
def test_it_writes_what_json_dumps_writes_for_the_same_document(document: dict[str, Any]) -> None:
    expected = json.dumps(document, ensure_ascii=False, indent=1)
    assert "".join(json_object_pieces(document.items())) == expected
    assert "".join(json_object_chunks(document.items(), size=7)) == expected


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
