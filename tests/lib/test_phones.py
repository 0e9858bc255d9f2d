import pytest

from coffeechat.lib.phones import InvalidPhone, display_phone, normalize_phone


def test_it_gives_one_form_for_the_same_number_typed_differently() -> None:
    assert normalize_phone("(415) 555-0132") == "+14155550132"
    assert normalize_phone("+1 415 555 0132", "DE") == "+14155550132"
    assert normalize_phone("030 901820", "DE") == "+4930901820"


def test_it_rejects_what_is_not_a_phone_number() -> None:
    with pytest.raises(InvalidPhone, match="not a phone number"):
        normalize_phone("call me maybe")
    with pytest.raises(InvalidPhone, match="country code"):
        normalize_phone("12")


def test_it_displays_numbers_internationally() -> None:
    assert display_phone("+14155550132") == "+1 415-555-0132"
