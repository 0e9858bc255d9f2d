"""Profile links: one canonical form per profile, and what kind of profile it is."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

KINDS = {
    "linkedin.com": "linkedin",
    "github.com": "github",
    "gitlab.com": "gitlab",
    "twitter.com": "x",
    "x.com": "x",
    "bsky.app": "bluesky",
    "orcid.org": "orcid",
    "scholar.google.com": "scholar",
    "medium.com": "medium",
}
LABELS = {
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "gitlab": "GitLab",
    "x": "X",
    "bluesky": "Bluesky",
    "orcid": "ORCID",
    "scholar": "Google Scholar",
    "medium": "Medium",
    "website": "Website",
}


MAX_LENGTH = 500  # what a profile link's column holds


class InvalidLink(ValueError):
    pass


# The common case of imports, read without the general parser: a LinkedIn profile address.
_LINKEDIN_PROFILE = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/in/([^/?#\s]+)/?(?:[?#]\S*)?$", re.IGNORECASE
)


def normalize_url(raw: str) -> str:
    """'linkedin.com/in/Maria/?trk=x' -> 'https://www.linkedin.com/in/maria'.

    The host is lower-cased and a missing scheme becomes https. LinkedIn profile paths are
    case-insensitive and carry tracking queries, so both are dropped for them only.
    """
    text = raw.strip()
    if not text:
        raise InvalidLink("empty link")
    if match := _LINKEDIN_PROFILE.match(text):
        return f"https://www.linkedin.com/in/{match.group(1).lower()}"
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:  # 'http://[x' (a broken IPv6 host), 'https://host:m/' (a port that is no number)
        raise InvalidLink(f"{_shown(raw)} is not a web address") from None
    if parts.scheme.lower() not in ("http", "https") or "." not in host or " " in text:
        raise InvalidLink(f"{_shown(raw)} is not a web address")
    path = parts.path.rstrip("/")
    query = parts.query
    if link_kind_for_host(host) == "linkedin":
        host = "www.linkedin.com"
        path = path.lower()
        query = ""
    netloc = host if port is None else f"{host}:{port}"
    url = urlunsplit((parts.scheme.lower(), netloc, path, query, ""))
    if len(url) > MAX_LENGTH:
        raise InvalidLink(f"{_shown(raw)} is longer than {MAX_LENGTH} characters")
    return url


def _shown(raw: str) -> str:
    text = raw.strip()
    return f"{text!r}" if len(text) <= 60 else f"{text[:60]!r}…"


def link_kind_for_host(host: str) -> str:
    host = host.lower()
    for domain, kind in KINDS.items():
        if host == domain or host.endswith("." + domain):
            return kind
    return "website"


def _host(text: str) -> str:
    """The lower-cased host of an address; empty when it has none or cannot be read."""
    try:
        return (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""


def link_kind(url: str) -> str:
    return link_kind_for_host(_host(url))


def domain_of(url: str) -> str:
    """'https://www.Acme.example/about' -> 'acme.example'."""
    text = url.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    return _host(text).removeprefix("www.")
