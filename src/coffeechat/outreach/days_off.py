"""Public holidays as days off for the follow-up rules, from the `holidays` package.

The user names a country (ISO 3166 code) and optionally a subdivision (state, province). A year's
holidays are worked out once per process and kept (a few hundred bytes each); nothing is fetched
from the network: the package carries its own data. `holidays` is imported inside the functions,
so start-up does not read its hundreds of country modules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache

# Words kept lower case in a country's name: "Bosnia and Herzegovina", "Isle of Man".
SMALL_WORDS = frozenset({"and", "of", "the", "da", "del", "e"})


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country the package knows, by name: ("DE", "Germany")."""
    import holidays
    from holidays.registry import COUNTRIES

    supported = holidays.list_supported_countries()
    named = {entry[1]: _name(module) for module, entry in COUNTRIES.items() if entry[1] in supported}
    return tuple(sorted(named.items(), key=lambda item: item[1]))


def _name(module: str) -> str:
    words = module.split("_")
    return " ".join(w if i and w in SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


@cache
def subdivisions(country: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the country's subdivisions the package knows: ("BY", "BY (Bayern)")."""
    import holidays

    codes = holidays.list_supported_countries().get(country, [])
    try:
        aliases = holidays.country_holidays(country).get_subdivision_aliases()
    except (NotImplementedError, AttributeError):
        aliases = {}
    named = {code: f"{code} ({', '.join(aliases[code])})" if aliases.get(code) else code for code in codes}
    return tuple(named.items())


def subdivision_code(country: str, typed: str) -> str:
    """The package's code for a subdivision typed in any case ("by" is "BY"), else as typed."""
    for code, _ in subdivisions(country) if country else ():
        if code.casefold() == typed.casefold():
            return code
    return typed


def problem(country: str, subdivision: str) -> tuple[str, str] | None:
    """What is wrong with this choice, as (field, message), or None when the package knows it."""
    if not country:
        return ("holiday_subdivision", "Choose the country first.") if subdivision else None
    if country not in dict(countries()):
        return "holiday_country", f"{country!r} is not a country whose holidays are known (e.g. US, DE, GB)."
    known = dict(subdivisions(country))
    if subdivision and subdivision not in known:
        some = ", ".join(list(known)[:6]) or "none are known"
        return "holiday_subdivision", f"{subdivision!r} is not a subdivision of {country} (e.g. {some})."
    return None


@lru_cache(maxsize=1024)
def holidays_in(country: str, subdivision: str, year: int) -> frozenset[date]:
    """The public holidays of the country (and subdivision) in that year: none for a code the
    package does not know (the form refuses those; a restored backup might carry one)."""
    import holidays

    try:
        return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year))
    except NotImplementedError:
        return frozenset()


def days_off_for(country: str, subdivision: str = "") -> Callable[[date], bool] | None:
    """Whether a date is a public holiday there (None without a country: weekends only)."""
    if not country:
        return None
    return lambda day: day in holidays_in(country, subdivision, day.year)
