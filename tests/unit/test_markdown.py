"""Playbook bodies rendered as Markdown: the usual formatting works, and nothing in a body can run a
script, point a link at a script or load anything from another site."""

from __future__ import annotations

import re

import pytest

from repfocus.web.markdown import link_allowed, render_markdown

HOSTILE = """\
<script>alert("body")</script>

Raw <b onclick="steal()">inline HTML</b> and <iframe src="https://evil.example/"></iframe>

<div style="position:fixed">a block of HTML</div>

[click me](javascript:alert(1)) [again](JavaScript:alert(2)) [spaced]( javascript:alert(3) )
[vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[protocol-relative](//evil.example/x) <javascript:alert(4)>

![tracker](https://evil.example/pixel.png "t") ![inline](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)
"""


def _tags(html: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)}


def test_headings_lists_emphasis_code_and_tables_render() -> None:
    html = render_markdown(
        "## Clarify first\n\n"
        "- **Ask** what they compare with\n- *then* restate value\n\n"
        "1. one\n2. two\n\n"
        "Use `rate card` here.\n\n"
        "```\nmargin = bill - pay\n```\n\n"
        "| Profile | Rate |\n|---|---|\n| Senior | 95 |\n\n"
        "~~discount~~ > quote\n"
    )
    assert "<h2>Clarify first</h2>" in html
    assert (
        "<ul>\n<li><strong>Ask</strong> what they compare with</li>\n<li><em>then</em> restate value</li>"
        in html
    )
    assert "<ol>\n<li>one</li>" in html
    assert "<code>rate card</code>" in html
    assert "<pre><code>margin = bill - pay\n</code></pre>" in html
    assert "<th>Profile</th>" in html and "<td>Senior</td>" in html and "<td>95</td>" in html
    assert "<s>discount</s> &gt; quote" in html


def test_script_raw_html_javascript_links_and_outside_images_are_inert() -> None:
    html = str(render_markdown(HOSTILE))
    # every tag in the output is one Markdown itself makes: none typed in the body survives
    assert _tags(html) <= {"p", "a", "span", "br"}, _tags(html)
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert "&lt;b onclick=&quot;steal()&quot;&gt;" in html and "<iframe" not in html
    assert not re.search(r"(?i)href=\"\s*(javascript|vbscript|data):", html)
    assert 'href="//' not in html
    assert "<img" not in html
    assert '<span class="image-elsewhere">[image: tracker]</span>' in html
    assert "[click me](javascript:alert(1))" in html  # shown as the text that was typed, not as a link


def test_http_https_mailto_and_site_links_are_kept_and_outside_links_do_not_leak_the_referrer() -> None:
    html = render_markdown(
        "[site](https://example.com/a?b=1) [plain](http://example.com) [mail](mailto:sam@example.com) "
        "[item](/playbook/items/objection-rates-too-high) <https://auto.example/>"
    )
    assert '<a href="https://example.com/a?b=1" rel="nofollow noopener noreferrer">site</a>' in html
    assert '<a href="http://example.com" rel="nofollow noopener noreferrer">plain</a>' in html
    assert '<a href="mailto:sam@example.com">mail</a>' in html
    assert '<a href="/playbook/items/objection-rates-too-high">item</a>' in html
    assert '<a href="https://auto.example/" rel="nofollow noopener noreferrer">' in html


def test_an_image_from_this_site_is_shown_with_its_alt_text_escaped() -> None:
    html = render_markdown('![a "logo" <b>](/static/favicon.svg)')
    assert html == '<p><img src="/static/favicon.svg" alt="a &quot;logo&quot; &lt;b&gt;" /></p>\n'


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.com", True),
        ("HTTPS://EXAMPLE.COM", True),
        ("mailto:a@example.com", True),
        ("/playbook", True),
        ("#section", True),
        ("javascript:alert(1)", False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("ftp://example.com", False),
        ("data:text/html,x", False),
        ("relative/path", False),
    ],
)
def test_only_web_mail_and_site_links_are_allowed(url: str, allowed: bool) -> None:
    assert link_allowed(url) is allowed


def test_an_empty_body_renders_nothing() -> None:
    assert render_markdown("") == "" and render_markdown(None) == ""
