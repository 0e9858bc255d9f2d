from coffeechat.outreach.checks import check_message

GOOD = (
    "Dear Ana,\n\nMaria Lopez suggested I reach out: your work on patient apps at Acme Health is exactly "
    "what you do best, and your talk on clinic research stayed with me. I am a nurse moving into UX "
    "research. Would you have 20 minutes in the coming weeks to share how you see the field?\n\nThanks,\nSam"
)


def messages(kind: str, subject: str, body: str) -> list[str]:
    return [f.message for f in check_message(kind, subject, body)]


def test_a_short_polite_request_passes() -> None:
    assert messages("referred_request", "Maria suggested I reach out", GOOD) == []


def test_length_warns_at_100_words_and_strongly_at_150() -> None:
    long = GOOD + " Also" + " very" * 55 + "."
    flags = check_message("referred_request", "Hi", long)
    assert flags[0].level == "warning" and "over 100" in flags[0].message
    longer = GOOD + " Also" + " very" * 100 + "."
    assert check_message("referred_request", "Hi", longer)[0].level == "strong"


def test_asking_for_a_job_in_a_first_request_is_flagged_with_the_reason() -> None:
    [flag] = check_message(
        "direct_request", "Hi", GOOD.replace("to share how", "to talk about openings and how")
    )
    assert flag.level == "strong" and "openings" in flag.message and "not a job" in flag.why
    assert messages("thank_introducer", "Thanks", "Thank you! Is the resume fine?") == []


def test_no_question_no_subject_no_line_on_how_found() -> None:
    body = "Dear Ana,\n\nI am exploring UX research. I would like to talk. I have ten years in nursing."
    found = messages("direct_request", "", body)
    assert "No question to answer." in found
    assert "No subject." in found
    assert "No line saying how you found them." in found
    assert "3 sentences about you, 0 about them." in found
