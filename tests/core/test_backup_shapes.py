"""Reading a backup's records: the model fields' own rules, checked without a database."""

import pytest

from coffeechat.conversations.backup import MEETING
from coffeechat.core.backups import BackupError
from coffeechat.network.backup import KEYS


def refusal(check, value, where="people") -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(BackupError) as refused:
        check(value, where)
    return str(refused.value)


def test_it_reads_a_good_person_and_refuses_each_bad_field_by_name() -> None:
    people = KEYS["people"]
    good = {"id": 7, "name": "Dev Ørsted", "tie_strength": 3, "links": ["https://dev.example"], "tags": ["a"]}
    assert people([good], "people") == [good]
    assert refusal(people, [{**good, "owner_id": 2}]) == "people[0].owner_id: unknown field"
    assert refusal(people, [{"id": 7}]) == "people[0].name: missing"
    assert (
        refusal(people, [{**good, "tie_strength": 9}])
        == "people[0].tie_strength: Value 9 is not a valid choice."
    )
    assert refusal(people, [{**good, "name": "a\x00"}]) == "people[0].name: contains a NUL character"
    assert refusal(people, [{**good, "links": ["data:text/html,x"]}]).startswith("people[0].links[0]: ")
    assert refusal(people, [good, good]) == "people[1].id: 7 appears twice"
    assert (
        refusal(people, [{**good, "tags": ["Mentor", "mentor"]}])
        == "people[0].tags[1]: 'mentor' appears twice"
    )
    assert refusal(people, [{**good, "known_since": "2026-02-30"}]) == (
        "people[0].known_since: '2026-02-30' is not a date"
    )


def test_a_meeting_needs_a_real_time_zone_and_a_web_link() -> None:
    meeting = {"person": 1, "starts": "2026-03-10T13:00:00+00:00", "time_zone": "Europe/Berlin"}
    assert MEETING(meeting, "meetings[0]")["time_zone"] == "Europe/Berlin"
    assert refusal(MEETING, {**meeting, "time_zone": "Europe/Atlantis"}, "meetings[0]") == (
        "meetings[0].time_zone: 'Europe/Atlantis' is not a time zone"
    )
    assert refusal(MEETING, {**meeting, "video_link": "javascript:alert(1)"}, "meetings[0]") == (
        "meetings[0].video_link: 'javascript:alert(1)' is not an http, https or mailto link"
    )
    assert refusal(MEETING, {**meeting, "minutes": True}, "meetings[0]") == (
        "meetings[0].minutes: should be a whole number, not true/false"
    )
    assert refusal(MEETING, {**meeting, "starts": "9999-12-31T23:30:00+00:00"}, "meetings[0]") == (
        "meetings[0].starts: '9999-12-31T23:30:00+00:00' is not between the years 1900 and 2200"
    )
    assert refusal(KEYS["people"], [{"id": 1, "name": "Ana", "known_since": "0001-01-01"}]) == (
        "people[0].known_since: '0001-01-01' is not between the years 1900 and 2200"
    )
