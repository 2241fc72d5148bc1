"""Typed settings, read once from the environment (set per stage in .chalice/config.json)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

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
    # Signs local bearer tokens and list cursors. Deployed stages read it from the
    # stage's secret (see infra/); the local default exists only for the local stage.
    signing_secret: str
    aws_endpoint_url: str | None
    cognito_user_pool_arn: str | None

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE


def _signing_secret(env: dict[str, str], stage: str) -> str:
    secret = env.get("CALLBOARD_SIGNING_SECRET", "")
    if secret:
        return secret
    if stage == LOCAL_STAGE:
        return "local-only-signing-secret-not-for-deployed-stages"
    # A deployed stage without its secret must not silently sign with a known value.
    raise RuntimeError("CALLBOARD_SIGNING_SECRET is not set for stage " + stage)


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
        signing_secret=_signing_secret(env, stage),
        aws_endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        cognito_user_pool_arn=env.get("CALLBOARD_USER_POOL_ARN") or None,
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
