"""Outbound mail through SES (send_raw_email: our own headers, multipart bodies)."""
from __future__ import annotations

from email.message import EmailMessage
from typing import Any


class Mailer:
    def __init__(self, region: str, endpoint_url: str | None, configuration_set: str | None = None) -> None:
        self._region = region
        self._endpoint_url = endpoint_url
        self._configuration_set = configuration_set
        self._client: Any = None

    def _ses(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("ses", region_name=self._region, endpoint_url=self._endpoint_url)
        return self._client

    def send(self, message: EmailMessage, source: str, to: str) -> str:
        kwargs: dict[str, Any] = {"Source": source, "Destinations": [to], "RawMessage": {"Data": message.as_bytes()}}
        if self._configuration_set:
            kwargs["ConfigurationSetName"] = self._configuration_set
        return self._ses().send_raw_email(**kwargs)["MessageId"]
