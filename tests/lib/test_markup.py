import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coffeechat.lib.markup import escape_markdown, safe_link

RENDER = MarkdownIt("commonmark")  # raw HTML passes through, as in most Markdown viewers


def test_it_shows_html_as_the_characters_typed() -> None:
    html = RENDER.render(escape_markdown("<img src=x onerror=alert(1)> & <script>alert(1)</script>"))
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;" in html


def test_it_forms_no_link_image_or_reference() -> None:
    for text in ("[win](javascript:alert(1))", "![x](https://evil.example/t.png)", "<https://evil.example>"):
        html = RENDER.render(escape_markdown(text))
        assert "<a " not in html and "<img" not in html, text
    assert "<a " not in RENDER.render(escape_markdown("[x]\n\n[x]: javascript:alert(1)"))


@given(st.text(alphabet=st.sampled_from("<>&[]()!`\\ aj:/x\n"), max_size=40))
def test_no_text_becomes_markup(text: str) -> None:
    html = RENDER.render(escape_markdown(text))
    # Paragraphs, line breaks and indented blocks are layout; no other element can appear.
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"p", "br", "pre", "code"}
    assert "href" not in html and "src" not in html


def test_it_lets_only_web_and_mail_addresses_through() -> None:
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link("HTTP://Example.org") == "HTTP://Example.org"
    assert safe_link("mailto:ana@example.org") == "mailto:ana@example.org"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:x",
        "\x01javascript:x",
        "data:text/html,<script>",
        "vbscript:x",
        "//evil.example",
        "/local",
        "",
        None,
        "http://[x",
    ):
        assert safe_link(bad) is None, bad
