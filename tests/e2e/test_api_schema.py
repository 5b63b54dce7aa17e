"""Schemathesis over the whole API with a write token: no 5xx and no response that breaks the schema.

(schemathesis.pytest.from_fixture does not work with pytest 9, so the operations are walked here.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import allow_header_conformance, positive_data_acceptance

from tests.e2e.conftest import World


def _check_operation(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        # allow_header: Starlette's 405 lists only one method in Allow when a path has separate GET and
        # POST routes. positive_data_acceptance: rules across fields (from <= to) cannot be written in
        # OpenAPI, so a schema-valid request may still get the documented 422.
        case.call_and_validate(
            headers=headers, excluded_checks=[allow_header_conformance, positive_data_acceptance]
        )

    run()


@pytest.mark.parametrize(("persona", "scope"), [("leader", "write"), ("rep", "read")])
def test_the_api_never_errors_and_always_keeps_its_schema(
    app: FastAPI, world: World, persona: str, scope: str
) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {world.token(persona, scope)}"}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        _check_operation(operation, headers)
        checked.append(operation.label)
    assert len(checked) >= 2, checked
