"""Playbook bodies as HTML: CommonMark (plus tables and strikethrough) with every way to run or load
something from elsewhere taken out.

Raw HTML is escaped, not passed through; links go only to http, https, mailto or a path on this site;
images are shown only from this site (the CSP allows no other), otherwise their alt text stands in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

_SCHEMES = ("http://", "https://", "mailto:")


def _on_this_site(url: str) -> bool:
    # "//host/x" is protocol-relative (another site); a backslash can be read as "/" by browsers
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def link_allowed(url: str) -> bool:
    """Return True for link targets a playbook body may use: http(s), mailto, or a path on this site."""
    return url.lower().startswith(_SCHEMES) or _on_this_site(url) or url.startswith("#")


def _image(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    if not _on_this_site(str(token.attrGet("src") or "")):
        return f'<span class="image-elsewhere">[image: {escape(alt)}]</span>'
    return str(self.image(tokens, idx, options, env))


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    if str(token.attrGet("href") or "").lower().startswith(("http://", "https://")):
        token.attrSet("rel", "nofollow noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = link_allowed  # type: ignore[method-assign]
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    return md


_MD = _build()


def render_markdown(text: str | None) -> Markup:
    """Return the Markdown `text` as safe HTML (nothing in it can run a script or load from elsewhere)."""
    # markdown-it escapes every character of text and, with html=False, every tag typed in the source
    return Markup(_MD.render(text or ""))  # noqa: S704
