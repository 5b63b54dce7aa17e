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
    # argon2id cost; the tests lower it (REPFOCUS_ARGON2_TIME_COST=1, REPFOCUS_ARGON2_MEMORY_KIB=8)
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    # sign-in throttling: this many failures within the lockout window lock the email (and, x4, the address)
    sign_in_max_failures: int = 5
    sign_in_lockout_minutes: int = 15
    # pages anyone with a link may open (a shared plan): requests a minute per client address, then 429
    public_requests_per_minute: int = 60
    diagnosis_thresholds: str = ""  # TOML file overriding src/repfocus/data/diagnosis.toml


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
