"""The dates contact exports write: '30 May 2024', '1/8/18, 6:14 PM', '6-Feb-26', '2024-05-30'."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

MONTHS = {
    # English, German, French, Spanish, Portuguese, Italian, Dutch: the first letters suffice.
    "jan": 1,
    "feb": 2,
    "fev": 2,
    "fév": 2,
    "mar": 3,
    "mär": 3,
    "maerz": 3,
    "apr": 4,
    "avr": 4,
    "abr": 4,
    "may": 5,
    "mai": 5,
    "mei": 5,
    "mag": 5,
    "jun": 6,
    "jui": 7,
    "jul": 7,
    "lug": 7,
    "aug": 8,
    "aoû": 8,
    "aou": 8,
    "ago": 8,
    "sep": 9,
    "set": 9,
    "oct": 10,
    "okt": 10,
    "out": 10,
    "ott": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
    "déc": 12,
    "dic": 12,
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ .\-/]+([^\W\d_]+)\.?[ .\-/]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def _year(text: str) -> int:
    year = int(text)
    # Two-digit years are this century; no one connected on LinkedIn before 2003.
    return year + 2000 if year < 100 else year


def _month(name: str) -> int | None:
    name = name.lower()
    if name.startswith("juin"):
        return 6
    if name.startswith("juil"):
        return 7
    if name.startswith("jun") or name.startswith("juni"):
        return 6
    return MONTHS.get(name[:3]) or MONTHS.get(name[:5])


@lru_cache(maxsize=8192)  # an export's dates repeat: 100,000 rows hold a few thousand days
def parse_date(text: str) -> date | None:
    """The date written, or None when the text is not one of the known forms."""
    value = text.strip()
    if not value:
        return None
    # '1/8/18, 6:14 PM': the time does not matter.
    value = re.split(r",\s*\d{1,2}:\d{2}|\s+\d{1,2}:\d{2}", value)[0].strip()
    try:
        if match := _ISO.match(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH_DAY_YEAR.match(value):
            return date(_year(match[3]), int(match[1]), int(match[2]))
        if match := _DOTTED.match(value):
            return date(_year(match[3]), int(match[2]), int(match[1]))
        if (match := _DAY_MONTH_YEAR.match(value)) and (month := _month(match[2])):
            return date(_year(match[3]), month, int(match[1]))
    except ValueError:
        return None
    return None
