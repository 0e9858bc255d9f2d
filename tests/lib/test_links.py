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
