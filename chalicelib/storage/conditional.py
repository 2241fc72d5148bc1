"""Single-item conditional writes outside a transaction, answering whether their condition held
(a refused condition is an answer, not an error; anything else DynamoDB says still raises)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import DeleteError, PutError, UpdateError

CONDITION_FAILED = "ConditionalCheckFailedException"


def _held(write: Callable[[], Any]) -> bool:
    try:
        write()
    except (PutError, UpdateError, DeleteError) as exc:
        if exc.cause_response_code == CONDITION_FAILED:
            return False
        raise
    return True


def save_if(item: Any, condition: Any = None) -> bool:
    """PutItem under `condition` (and the item's version attribute, if it has one)."""
    return _held(lambda: item.save(condition=condition))


def update_if(item: Any, actions: list[Any], condition: Any) -> bool:
    """UpdateItem under `condition`; the item then holds what was written."""
    return _held(lambda: item.update(actions=actions, condition=condition))


def delete_if(item: Any, condition: Any) -> bool:
    """DeleteItem under `condition` (None: only the item's version attribute, if it has one)."""
    return _held(lambda: item.delete(condition=condition))
