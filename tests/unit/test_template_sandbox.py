"""The email-template sandbox: merge fields render, missing ones are flagged, and hostile templates
(internals, imports, files, runaway loops, huge output) are rejected with a clear message."""

from __future__ import annotations

import time

import pytest

from repfocus.services.template_sandbox import MAX_OUTPUT, TemplateRejected, merge_fields, render

FIELDS = merge_fields(
    {
        "contact": {"first_name": "Dana", "title": None, "email": "dana@globex.example"},
        "account": {"name": "Globex"},
        "rep": {"name": "Sam Rep"},
    }
)


def _rejected(source: str) -> str:
    with pytest.raises(TemplateRejected) as caught:
        render(source, FIELDS)
    return str(caught.value)


def test_merge_fields_fill_subject_and_body() -> None:
    out = render(
        "Hi {{ contact.first_name }}, {{ account.name }}.\n{{ rep.name }}",
        FIELDS,
        subject="For {{ account.name }}",
    )
    assert out.subject == "For Globex"
    assert out.body == "Hi Dana, Globex.\nSam Rep"
    assert out.missing == ()


def test_missing_fields_are_flagged_and_marked_never_left_blank() -> None:
    out = render("Dear {{ contact.title }} at {{ account.region }}, {{ nothing }}", FIELDS)
    assert out.missing == ("contact.title", "account.region", "nothing")
    assert out.body == "Dear [missing: contact.title] at [missing: account.region], [missing: nothing]"


def test_a_missing_field_in_a_condition_or_with_a_default_is_not_flagged() -> None:
    out = render(
        "{% if contact.title %}{{ contact.title }}{% else %}there{% endif %} "
        "{{ account.region|default('nearby') }}",
        FIELDS,
    )
    assert out.body == "there nearby"
    assert out.missing == ()


def test_loops_and_loop_variables_work_within_limits() -> None:
    out = render(
        "{% for i in range(3) %}{{ loop.index }}{% if not loop.last %},{% endif %}{% endfor %}", FIELDS
    )
    assert out.body == "1,2,3"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ contact.__class__ }}",
        "{{ contact['__class__'] }}",
        "{{ contact.first_name.__class__.__base__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ range.__globals__ }}",
        "{{ self.__dict__ }}",
        "{{ (1, 2).__class__ }}",
        "{{ contact.update({'a': 1}) }}",
        "{{ [].pop() }}",
    ],
)
def test_python_internals_are_out_of_reach(source: str) -> None:
    assert "unsafe" in _rejected(source)


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ("{% include '/etc/passwd' %}", "{% include %}"),
        ("{% import 'os' as os %}", "{% import %}"),
        ("{% from 'os' import system %}", "{% from ... import %}"),
        ("{% extends '/etc/hostname' %}", "{% extends %}"),
    ],
)
def test_imports_and_file_access_fail_cleanly(source: str, tag: str) -> None:
    message = _rejected(source)
    assert tag in message and "cannot read other files" in message


def test_filters_and_methods_that_reach_further_are_not_offered() -> None:
    assert "No filter named 'attr'" in _rejected("{{ contact|attr('__class__') }}")
    assert "unsafe" in _rejected("{{ '{0.__class__}'.format(contact) }}")
    assert "'%' string formatting" in _rejected("{{ '%s' % contact }}")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "range() is limited"),
        ("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}", "runs too long"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself too deeply"),
        ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursive loops are not allowed"),
        ("{{ 'x' * 10000000 }}", "would exceed"),
        ("{{ (10 ** 60) ** 60 }}", "numbers that large"),
        ("{{ 'x'|center(999999999) }}", "No filter named 'center'"),
        ("{{ '{:>99999999}'.format(1) }}", "unsafe"),
    ],
)
def test_runaway_templates_stop_quickly_with_a_clear_message(source: str, reason: str) -> None:
    started = time.monotonic()
    assert reason in _rejected(source)
    assert time.monotonic() - started < 2


def test_output_is_capped() -> None:
    source = "{% for i in range(1000) %}" + "y" * 100 + "{% endfor %}"
    assert f"longer than {MAX_OUTPUT:,} characters" in _rejected(source)


def test_syntax_and_runtime_errors_name_the_line() -> None:
    assert _rejected("ok\n{% if %}").startswith("line 2: template syntax")
    assert _rejected("one\ntwo\n{{ 1 / 0 }}") == "line 3: the template failed: division by zero"


def test_rendering_past_the_time_budget_stops_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from repfocus.services import template_sandbox

    monkeypatch.setattr(template_sandbox, "TIME_BUDGET", 0.0)  # any rendering at all is over it
    assert "took longer than 0.0 s to render" in _rejected("{% for i in range(100) %}x{% endfor %}")
    monkeypatch.setattr(template_sandbox, "TIME_BUDGET", 0.5)
    assert render("{% for i in range(100) %}x{% endfor %}", FIELDS).body == "x" * 100
