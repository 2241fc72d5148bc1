"""Typed settings, read once from the environment (set per stage in .chalice/config.json)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from urllib.parse import urlsplit

from .domain.limits import LimitPolicy

LOCAL_STAGE = "local"


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_name: str
    jobs_queue_name: str
    files_bucket: str
    alerts_queue_name: str
    digest_queue_name: str
    idempotency_table: str
    # Seconds an alert waits before it is sent: a message read meanwhile is not emailed.
    alert_delay_seconds: int
    api_base_url: str
    ses_configuration_set: str | None
    relay_domain: str
    web_base_url: str
    # Signs local bearer tokens and list cursors: CALLBOARD_SIGNING_SECRET, or (deployed stages)
    # the stage's Secrets Manager secret named by CALLBOARD_SIGNING_SECRET_ARN (infra/template.json
    # `SigningSecret`), read on first use. The local default exists only for the local stage.
    signing_secret_value: str | None
    signing_secret_arn: str | None
    aws_endpoint_url: str | None
    cognito_user_pool_arn: str | None
    # Origins the web client is served from (CALLBOARD_WEB_ORIGINS, comma-separated): the only
    # ones the API answers CORS for.
    web_origins: frozenset[str] = frozenset()
    # Safety limits (docs/SAFETY.md): each CALLBOARD_SAFETY_<NAME> overrides one LimitPolicy field.
    limits: LimitPolicy = field(default_factory=LimitPolicy)

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @property
    def signing_secret(self) -> str:
        if self.signing_secret_value:
            return self.signing_secret_value
        return read_secret(str(self.signing_secret_arn), self.region, self.aws_endpoint_url)


@lru_cache(maxsize=4)
def read_secret(secret_id: str, region: str, endpoint_url: str | None) -> str:
    """A Secrets Manager secret's string, read once per process (not at import: cold starts
    of functions that never sign pay nothing)."""
    import boto3

    client = boto3.client("secretsmanager", region_name=region, endpoint_url=endpoint_url)
    return str(client.get_secret_value(SecretId=secret_id)["SecretString"])


def _signing_secret(env: dict[str, str], stage: str) -> str | None:
    """The key itself, or None when it is to be read from CALLBOARD_SIGNING_SECRET_ARN."""
    secret = env.get("CALLBOARD_SIGNING_SECRET", "")
    if secret:
        return secret
    if stage == LOCAL_STAGE:
        return "local-only-signing-secret-not-for-deployed-stages"
    if env.get("CALLBOARD_SIGNING_SECRET_ARN"):
        return None
    # A deployed stage without its secret must not silently sign with a known value.
    raise RuntimeError("neither CALLBOARD_SIGNING_SECRET_ARN nor CALLBOARD_SIGNING_SECRET is set for stage " + stage)


def _limits(env: dict[str, str]) -> LimitPolicy:
    """CALLBOARD_SAFETY_COLD_PER_DAY_NEW=20 and so on: whole numbers of at least 1."""
    values: dict[str, int] = {}
    for item in fields(LimitPolicy):
        raw = env.get(f"CALLBOARD_SAFETY_{item.name.upper()}")
        if raw is None or raw == "":
            continue
        if not raw.strip().isdigit() or int(raw) < 1:
            raise RuntimeError(f"CALLBOARD_SAFETY_{item.name.upper()} must be a whole number of at least 1")
        values[item.name] = int(raw)
    return LimitPolicy(**values)


LOCAL_WEB_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")


def _origin(url: str) -> str | None:
    """scheme://host[:port], as a browser sends it in Origin; None if url is not http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _web_origins(env: dict[str, str], stage: str) -> frozenset[str]:
    """CALLBOARD_WEB_ORIGINS, else the origin of CALLBOARD_WEB_URL, else (local stage) the
    web server `make run` starts."""
    configured = [entry for entry in env.get("CALLBOARD_WEB_ORIGINS", "").split(",") if entry.strip()]
    origins = {_origin(entry) for entry in configured}
    if None in origins:
        raise RuntimeError(f"CALLBOARD_WEB_ORIGINS must list origins like https://example.com: {configured}")
    if not configured:
        origins = {_origin(env.get("CALLBOARD_WEB_URL", ""))} - {None}
    if not origins and stage == LOCAL_STAGE:
        origins = set(LOCAL_WEB_ORIGINS)
    return frozenset(origin for origin in origins if origin)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    stage = env.get("CALLBOARD_STAGE", LOCAL_STAGE)
    if stage == LOCAL_STAGE and env.get("AWS_LAMBDA_FUNCTION_NAME"):
        # The local stage mints its own tokens: it must never be what a deployed function falls back to.
        raise RuntimeError("CALLBOARD_STAGE is not set in a deployed function")
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        table_name=env.get("CALLBOARD_TABLE", f"callboard-{stage}"),
        jobs_queue_name=env.get("CALLBOARD_JOBS_QUEUE", f"callboard-{stage}-jobs"),
        files_bucket=env.get("CALLBOARD_FILES_BUCKET", f"callboard-{stage}-files-000000000000"),
        alerts_queue_name=env.get("CALLBOARD_ALERTS_QUEUE", f"callboard-{stage}-alerts"),
        digest_queue_name=env.get("CALLBOARD_DIGEST_QUEUE", f"callboard-{stage}-digest"),
        idempotency_table=env.get("CALLBOARD_IDEMPOTENCY_TABLE", f"callboard-{stage}-idempotency"),
        alert_delay_seconds=int(env.get("CALLBOARD_ALERT_DELAY_SECONDS", "2" if stage == LOCAL_STAGE else "60")),
        api_base_url=env.get("CALLBOARD_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        ses_configuration_set=env.get("CALLBOARD_SES_CONFIGURATION_SET") or None,
        relay_domain=env.get("CALLBOARD_RELAY_DOMAIN", "relay.callboard.local"),
        web_base_url=env.get("CALLBOARD_WEB_URL", "http://127.0.0.1:8080"),
        signing_secret_value=_signing_secret(env, stage),
        signing_secret_arn=env.get("CALLBOARD_SIGNING_SECRET_ARN") or None,
        aws_endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        cognito_user_pool_arn=env.get("CALLBOARD_USER_POOL_ARN") or None,
        web_origins=_web_origins(env, stage),
        limits=_limits(env),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
