"""Number filters show a dash for a value a table lacks, instead of failing the page."""

from __future__ import annotations

from repfocus.web.templating import templates


def test_a_missing_key_renders_as_a_dash_not_an_error() -> None:
    page = templates.env.from_string("{{ d['absent']|pct }} {{ d['absent']|hours }} {{ d['absent']|points }}")
    assert page.render(d={}) == "— — —"
