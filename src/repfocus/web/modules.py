"""The "not built yet" page for every navigation entry whose module has not landed."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from repfocus.web.templating import NAVIGATION, Module, templates

router = APIRouter()


def _page(module: Module) -> Callable[[Request], HTMLResponse]:
    def not_built(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "modules/not_built.html", {"module": module})

    return not_built


for _module in NAVIGATION:
    if not _module.built:
        router.add_api_route(
            _module.path,
            _page(_module),
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )
