"""At-most-once side effects (sending an email) with powertools' idempotency utility, over the
stage's idempotency table. Built on first use: its DynamoDB client must not exist at import."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

RECORD_DAYS = 7


def once_per_key(table_name: str, region: str, endpoint_url: str | None, key_expression: str,
                 data_argument: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator factory: the wrapped function runs once per value of `key_expression`
    (JMESPath over the keyword argument `data_argument`); repeats return the first result."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        built: dict[str, Any] = {}

        def call(lambda_context: Any = None, **kwargs: Any) -> Any:
            if "function" not in built:
                import boto3
                from aws_lambda_powertools.utilities.idempotency import (
                    DynamoDBPersistenceLayer,
                    IdempotencyConfig,
                    idempotent_function,
                )

                layer = DynamoDBPersistenceLayer(
                    table_name=table_name,
                    boto3_client=boto3.client("dynamodb", region_name=region, endpoint_url=endpoint_url),
                )
                config = IdempotencyConfig(event_key_jmespath=key_expression, raise_on_no_idempotency_key=True,
                                           expires_after_seconds=RECORD_DAYS * 24 * 3600)
                built["config"] = config
                built["function"] = idempotent_function(
                    data_keyword_argument=data_argument, persistence_store=layer, config=config)(function)
            if lambda_context is not None:
                # Lets an in-progress record expire with the invocation, so a crash mid-send is retried.
                built["config"].register_lambda_context(lambda_context)
            return built["function"](**kwargs)

        return call

    return decorate
