"""Points every model at the stage's table and endpoint; creates no client until first use."""
from __future__ import annotations

import threading

import pynamodb.connection.base as pynamodb_connection
from botocore.session import Session, get_session
from pynamodb.connection import Connection

from .models import ALL_MODELS

_state: dict[str, object] = {}
_sessions = threading.local()


def _shared_session() -> Session:
    """pynamodb gives each model's connection a botocore session of its own (one per thread, as
    client creation is not thread-safe): ~60 ms of a cold request for every model it touches,
    most of it loading the same service data again. One session per thread, shared by every
    connection, loads it once: ten models' clients cost ~115 ms instead of ~790 ms."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = get_session()
    return session


pynamodb_connection.get_session = _shared_session  # the one name pynamodb calls a session through


def configure(table_name: str, region: str, host: str | None) -> None:
    """Idempotent: pointed again at the same place, the models keep their clients (each one made
    costs a botocore session, ~0.1 s of CPU; the container is rebuilt whenever settings are reloaded)."""
    if _state.get("target") == (table_name, region, host):
        return
    for model in ALL_MODELS:
        model.Meta.table_name = table_name
        model.Meta.region = region
        model.Meta.host = host
        model._connection = None  # rebuilt lazily with the new settings
    _state.clear()
    _state["target"] = (table_name, region, host)


def transaction_connection() -> Connection:
    conn = _state.get("connection")
    if conn is None:
        _, region, host = _state.get("target", (None, "us-east-1", None))  # type: ignore[misc]
        conn = Connection(region=region, host=host)
        _state["connection"] = conn
    return conn  # type: ignore[return-value]
