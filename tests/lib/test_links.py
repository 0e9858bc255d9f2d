import pytest

from coffeechat.lib.links import InvalidLink, domain_of, link_kind, normalize_url


def test_it_gives_one_form_per_linkedin_profile() -> None:
    assert (
        normalize_url("linkedin.com/in/Maria-Alvarez/?trk=abc") == "https://www.linkedin.com/in/maria-alvarez"
    )
    assert (
        normalize_url("https://de.linkedin.com/in/maria-alvarez")
        == "https://www.linkedin.com/in/maria-alvarez"
    )


def test_it_keeps_other_links_but_tidies_them() -> None:
    assert normalize_url("HTTPS://GitHub.com/Dev/") == "https://github.com/Dev"
    assert link_kind("https://github.com/dev") == "github"
    assert link_kind("https://dev.example.org") == "website"


def test_it_rejects_what_is_not_a_web_address() -> None:
    for bad in ("not a url", "ftp://files.example.org", "localhost"):
        with pytest.raises(InvalidLink):
            normalize_url(bad)


def test_it_finds_the_domain_of_a_website() -> None:
    assert domain_of("https://www.Acme.example/about") == "acme.example"
    assert domain_of("acme.example") == "acme.example"


MALFORMED = ("https://www.linkedin.com:m/in/x", "http://[x", "https://example.org:99999/", "[::1")


def test_a_malformed_address_is_an_invalid_link_not_a_crash() -> None:
    for bad in MALFORMED:
        with pytest.raises(InvalidLink, match="is not a web address"):
            normalize_url(bad)
        assert link_kind(bad) in ("linkedin", "website")
        domain_of(bad)  # no ValueError
    assert domain_of("http://[x") == "" and link_kind("http://[x") == "website"


def test_a_link_longer_than_its_column_is_refused() -> None:
    with pytest.raises(InvalidLink, match="longer than 500 characters"):
        normalize_url("https://example.org/" + "p" * 600)
    assert len(normalize_url("https://example.org/" + "p" * 400)) == 420
