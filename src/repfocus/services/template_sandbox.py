"""Render user-written email templates safely: merge fields only, no Python internals, no files,
no imports, bounded loops, time and output. Missing merge fields are flagged, never left blank."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SOURCE = 20_000  # characters of template text
MAX_OUTPUT = 50_000  # characters of rendered text
MAX_STEPS = 10_000  # loop iterations plus calls, across one render
MAX_RANGE = 1_000
TIME_BUDGET = 0.5  # seconds

_STR_METHODS = frozenset(
    {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith", "split"}
)
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_LOOP_ATTRS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem", "cycle"}
)
_FILTERS = (
    "default", "d", "upper", "lower", "title", "capitalize", "trim", "first", "last", "length",
    "count", "truncate", "wordcount", "int", "float", "round", "abs", "string", "list",
)  # fmt: skip
_FORBIDDEN_TAGS = {
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Extends: "{% extends %}",
}


class TemplateRejected(ValueError):
    """The template is invalid, unsafe or over a limit; the message says which, and where."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered email: subject, body and the merge fields that had no value (shown as markers)."""

    subject: str
    body: str
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "body": self.body, "missing": list(self.missing)}


class MergeFields(dict[str, Any]):
    """A group of merge fields (contact, account, rep); remembers its name to report missing ones."""

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        super().__init__({k: v for k, v in values.items() if v is not None and v != ""})
        self.rf_path = path


class _Budget:
    """Loop steps and calls, and the time to render: the clock starts when rendering does (compiling a
    template is bounded by its size, and a slow start on a busy machine must not pass for a runaway)."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.deadline = float("inf")

    def start(self) -> None:
        self.deadline = time.monotonic() + TIME_BUDGET

    def tick(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TemplateRejected(f"the template runs too long (over {MAX_STEPS:,} loop steps and calls)")
        if time.monotonic() > self.deadline:
            raise TemplateRejected(f"the template took longer than {TIME_BUDGET} s to render")


def _missing_class(missing: list[str]) -> type[Undefined]:
    class Missing(Undefined):
        __slots__ = ()

        def _path(self) -> str:
            obj, name = self._undefined_obj, self._undefined_name
            if isinstance(obj, MergeFields):
                return f"{obj.rf_path}.{name}"
            return str(name) if name is not None else "?"

        def __str__(self) -> str:
            if self._undefined_hint:  # an unsafe access, not a missing field
                self._fail_with_undefined_error()
            path = self._path()
            if path not in missing:
                missing.append(path)
            return f"[missing: {path}]"

        def __getattr__(self, name: str) -> Any:
            if name[:2] == "__":
                raise AttributeError(name)
            return self

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return self

        def __iter__(self) -> Iterator[Any]:
            return iter(())

    return Missing


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, budget: _Budget, missing: list[str]) -> None:
        super().__init__(autoescape=False, undefined=_missing_class(missing), loader=None)
        self.budget = budget
        self.filters = {name: self.filters[name] for name in _FILTERS}
        self.filters["rf_budget"] = self._budgeted
        self.filters["replace"] = _replace
        self.filters["join"] = _join
        self.globals = {"range": self._range}
        self.finalize = lambda value: "" if value is None else value

    def _budgeted(self, iterable: Any) -> Iterator[Any]:
        for value in iterable:
            self.budget.tick()
            yield value

    def _range(self, *args: int) -> Iterator[int]:
        r = range(*args)
        if len(r) > MAX_RANGE:
            raise TemplateRejected(f"range() is limited to {MAX_RANGE:,} numbers in email templates")
        return self._budgeted(r)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, Undefined):
            return True
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        if isinstance(obj, LoopContext):
            return attr in _LOOP_ATTRS
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> None:
        # str.format pads without bound ('{:>99999999}'), so it is refused like any unlisted method.
        return None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise TemplateRejected("'%' string formatting is not allowed in email templates")
        if operator == "**" and (
            not isinstance(right, int | float)
            or abs(right) > 64
            or (isinstance(left, int) and left.bit_length() * abs(right) > 1024)
        ):
            raise TemplateRejected("numbers that large are not allowed in email templates")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT:
                    raise TemplateRejected(f"a repeated text or list would exceed {MAX_OUTPUT:,} characters")
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > 256
            ):
                raise TemplateRejected("numbers that large are not allowed in email templates")
        if (
            operator == "+"
            and isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
            and len(left) + len(right) > MAX_OUTPUT
        ):
            raise TemplateRejected(f"a joined text would exceed {MAX_OUTPUT:,} characters")
        return super().call_binop(context, operator, left, right)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    times = text.count(str(old)) if count is None else count
    if len(text) + times * max(0, len(str(new)) - len(str(old))) > MAX_OUTPUT:
        raise TemplateRejected(f"replace() would exceed {MAX_OUTPUT:,} characters")
    return text.replace(str(old), str(new), -1 if count is None else count)


def _join(value: Any, separator: str = "") -> str:
    parts = [str(v) for v in value]
    if sum(map(len, parts)) + len(separator) * len(parts) > MAX_OUTPUT:
        raise TemplateRejected(f"join() would exceed {MAX_OUTPUT:,} characters")
    return separator.join(parts)


def _template_line(exc: BaseException) -> int | None:
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _compile(env: _Sandbox, source: str, what: str) -> Any:
    if len(source) > MAX_SOURCE:
        raise TemplateRejected(f"the {what} is longer than {MAX_SOURCE:,} characters")
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(f"{what} syntax: {exc.message}", line=exc.lineno) from None
    for node_type, tag in _FORBIDDEN_TAGS.items():
        for node in tree.find_all(node_type):
            raise TemplateRejected(
                f"{tag} is not allowed: templates cannot read other files", line=node.lineno
            )
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise TemplateRejected("recursive loops are not allowed in email templates", line=loop.lineno)
        loop.iter = nodes.Filter(loop.iter, "rf_budget", [], [], None, None, lineno=loop.lineno)
    try:
        return env.from_string(tree)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(f"{what}: {exc.message}", line=exc.lineno) from None


def _run(template: Any, env: _Sandbox, context: Mapping[str, Any]) -> str:
    out: list[str] = []
    size = 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateRejected(f"the rendered text is longer than {MAX_OUTPUT:,} characters")
            env.budget.tick()
            out.append(chunk)
    except TemplateRejected as exc:
        raise TemplateRejected(exc.reason, line=exc.line or _template_line(exc)) from None
    except SecurityError as exc:
        raise TemplateRejected(f"unsafe: {exc}", line=_template_line(exc)) from None
    except UndefinedError as exc:
        raise TemplateRejected(f"unknown name: {exc}", line=_template_line(exc)) from None
    except RecursionError:
        raise TemplateRejected("the template calls itself too deeply") from None
    except Exception as exc:  # any other runtime error in user code is a rejection, not a crash
        raise TemplateRejected(f"the template failed: {exc}", line=_template_line(exc)) from None
    return "".join(out)


def render(body: str, fields: Mapping[str, Any], *, subject: str = "") -> Rendered:
    """Render `subject` and `body` with `fields` in the sandbox; raise TemplateRejected when unsafe."""
    missing: list[str] = []
    env = _Sandbox(_Budget(), missing)
    subject_template = _compile(env, subject, "subject")
    body_template = _compile(env, body, "template")
    env.budget.start()
    rendered_subject = " ".join(_run(subject_template, env, fields).split())
    rendered_body = _run(body_template, env, fields)
    return Rendered(rendered_subject, rendered_body, tuple(missing))


def merge_fields(groups: Mapping[str, Mapping[str, Any]]) -> dict[str, MergeFields]:
    """Return the render context: each group of values wrapped so missing fields are named."""
    return {name: MergeFields(name, values) for name, values in groups.items()}
