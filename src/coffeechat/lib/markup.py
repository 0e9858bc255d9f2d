"""Text a user typed, made safe to put where markup is read: Markdown files and links.

A name, a note or a stored address is data, never markup: in a Markdown download it must show
as the characters typed (no HTML tag, no link or image the viewer would follow or load), and a
stored link becomes a link only with a scheme a browser cannot run (no `javascript:`, `data:`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
_CONTROL_AND_SPACE = "".join(chr(code) for code in range(33))

# Backslash first, so the escapes added after it are not escaped again. `&`, `<` and `>` become
# entities (a Markdown viewer shows them as typed, and no raw HTML or <autolink> is left);
# brackets and backticks get a backslash, so no link, image, reference or code span is formed.
_MARKDOWN_ESCAPES = str.maketrans(
    {"\\": "\\\\", "&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"}
)


def escape_markdown(text: object) -> str:
    """`text` as literal characters in a Markdown document: no HTML, links, images or code spans."""
    return str(text).translate(_MARKDOWN_ESCAPES)


def safe_link(url: str | None) -> str | None:
    """The address when a browser may follow it (http, https, mailto), else None.

    Browsers ignore tabs and line breaks inside a scheme and spaces before it, so
    "java\\tscript:" and " javascript:" are read the way a browser would read them.
    """
    text = "".join(ch for ch in (url or "") if ch not in "\t\n\r").strip(_CONTROL_AND_SPACE)
    if not text:
        return None
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    if scheme not in SAFE_LINK_SCHEMES:
        return None
    return text
