"""/api/v1/settings: the organization settings — read by leaders and managers, changed by leaders, through
the same service as the /admin page and `repfocus settings`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.domain.access import Actor
from repfocus.domain.org_settings import KEYS, MAX_NAME
from repfocus.services import organization_settings as service

router = APIRouter(prefix="/settings", tags=["settings"])
ACTOR = Depends(token_actor)


class WorkingHours(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    start: str = Field(description="HH:MM", max_length=5)
    end: str = Field(description="HH:MM, after the start", max_length=5)


class SettingsRead(BaseModel):
    name: str
    time_zone: str = Field(description=KEYS["time_zone"])
    currency: str = Field(description=KEYS["currency"])
    working_days: list[str] = Field(description="The working days, mon..sun in week order")
    working_hours: WorkingHours = Field(description=KEYS["working_hours"])
    durations: dict[str, int] = Field(description="Minutes per activity kind used when an import gives none")
    count_all_day: bool = Field(description=KEYS["count_all_day"])
    all_day_hours: float = Field(description=KEYS["all_day_hours"])


class SettingsUpdate(BaseModel):
    """The settings to change; those left out stay as they are. All or nothing; audited."""

    model_config = ConfigDict(strict=True, extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=MAX_NAME)
    time_zone: str | None = Field(None, max_length=64, description=KEYS["time_zone"])
    currency: str | None = Field(None, max_length=3, description=KEYS["currency"])
    working_days: list[str] | None = Field(None, max_length=7, description='e.g. ["mon", "tue"]')
    working_hours: WorkingHours | None = None
    durations: dict[str, int] | None = Field(
        None, description="{kind: minutes 0-1440}, only the kinds to change"
    )
    count_all_day: bool | None = None
    all_day_hours: float | None = Field(None, description="0.25 to 24")


class SettingsChangeRead(BaseModel):
    settings: SettingsRead
    changes: dict[str, dict[str, object]] = Field(description="{key: {before, after}} of what changed")
    rollups_rebuilt: bool = Field(description="True when the time zone changed and every rollup was rebuilt")
    activities_reread: int


def _loc(key: str) -> tuple[str, ...]:
    if key.startswith("duration."):
        return ("body", "durations", key.removeprefix("duration."))
    return ("body", key)


@router.get("")
def read(request: Request, actor: Actor = ACTOR) -> SettingsRead:
    """The organization's settings (leaders and managers)."""
    return SettingsRead.model_validate(service.read_settings(request.app.state.db, actor=actor).as_dict())


@router.patch("", responses={422: {"description": "A setting breaks a rule: every key at fault, with why"}})
def change(request: Request, body: SettingsUpdate, actor: Actor = ACTOR) -> SettingsChangeRead:
    """Change some settings (leaders): all or nothing, audited with before and after; a new time zone
    rebuilds the rollups."""
    given = body.model_dump(exclude_unset=True)
    changes: dict[str, object] = {k: v for k, v in given.items() if k not in ("durations", "working_hours")}
    changes |= {f"duration.{k}": v for k, v in (given.get("durations") or {}).items()}
    if body.working_hours is not None:
        changes["working_hours"] = body.working_hours.model_dump()
    try:
        done = service.change_settings(request.app.state.db, actor=actor, changes=changes)
    except service.SettingsInvalid as exc:
        errors = [{"loc": _loc(k), "msg": v, "type": "value_error"} for k, v in exc.problems.items()]
        raise RequestValidationError(errors) from exc
    return SettingsChangeRead.model_validate(done.as_dict())
