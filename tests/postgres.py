"""A throw-away schema on the machine's PostgreSQL for one test.

HANDOFF_TEST_PG_URL overrides the server. Unreachable: the test is skipped
on a developer's machine but fails with CI=true, where PostgreSQL must run.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

PG_URL = os.environ.get("HANDOFF_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_schema_url(purpose: str) -> Iterator[str]:
    """Yields a URL whose search_path is a new schema, dropped afterwards."""
    admin = sa.create_engine(PG_URL, poolclass=NullPool, connect_args={"connect_timeout": 3})
    problem = None
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError as error:
        problem = f"{type(error.orig).__name__}: {str(error.orig).strip()}"
    if problem is not None:
        admin.dispose()
        message = f"PostgreSQL at {PG_URL} is unreachable ({problem})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. CI must provide PostgreSQL for the {purpose} tests.")
        pytest.skip(message)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def sqlite_or_postgres_url(kind: str, sqlite_file: Path, purpose: str) -> Iterator[str]:
    """For fixtures parametrised over both databases the project supports."""
    if kind == "sqlite":
        yield f"sqlite:///{sqlite_file}"
    else:
        yield from postgres_schema_url(purpose)
