"""Phone numbers in one canonical form (E.164), so the same number typed two ways matches."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, default_region: str = "US") -> str:
    """'(415) 555-0132' -> '+14155550132'; a number with +country code ignores the region."""
    text = raw.strip()
    if not text:
        raise InvalidPhone("empty phone number")
    try:
        number = phonenumbers.parse(text, default_region.upper())
    except phonenumbers.NumberParseException:
        raise InvalidPhone(f"{text!r} is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhone(
            f"{text!r} is not a possible phone number for {default_region.upper()}; "
            "write it with its country code, e.g. +44 20 7946 0958"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+14155550132' -> '+1 415-555-0132'."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
