"""Settings from REPFOCUS_* environment variables; none are needed for the demo."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """RepFocus configuration. Every field is read from REPFOCUS_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="REPFOCUS_", extra="ignore")

    database_url: str = "sqlite:///repfocus.db"
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = ""
    session_max_age_hours: int = 12
    upload_max_mb: int = 200
    diagnosis_thresholds: str = ""  # TOML file overriding src/repfocus/data/diagnosis.toml


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
