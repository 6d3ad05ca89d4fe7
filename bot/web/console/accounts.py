"""Staff accounts: creating them, checking passwords, locking after failures.

Passwords follow NIST SP 800-63B and OWASP ASVS 6.2: a minimum length, a
blocklist of very common passwords, and no composition rules (they make
passwords harder to remember, not harder to guess). They are stored as
Argon2id with the OWASP minimum parameters. There are no default accounts:
every person gets their own, so every audit row names one person.
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.storage.database import Clock, system_clock, utc_now
from bot.storage.console_models import ROLES, StaffUser, as_utc

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # long passphrases are welcome; megabyte "passwords" are a denial of service
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "common_passwords.txt"

# One place for the hashing parameters (OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class AccountError(ValueError):
    """A staff account cannot be created or changed; the message says why and what to do."""


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    role: str
    disabled: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class StaffListing:
    username: str
    role: str
    disabled: bool
    locked_until: Optional[datetime]
    created_at: datetime


@dataclass(frozen=True)
class LoginAttempt:
    """What happened at one login. ``user_id`` is known for a failure on a real account (for the audit)."""

    outcome: str  # ok | unknown_user | bad_password | lockout | locked | disabled
    staff: Optional[Staff] = None
    user_id: Optional[int] = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise AccountError(
            f"Username {username!r} is not allowed. Fix: use 2 to 64 characters: "
            "letters, digits, '.', '_' or '-', starting with a letter or digit."
        )
    return name


def normalize_password(password: str) -> str:
    """NFKC, so the same passphrase typed on two keyboards hashes the same (NIST 800-63B 5.1.1.2)."""
    return unicodedata.normalize("NFKC", password)


def check_password(username: str, password: str) -> None:
    """Raises AccountError when the password is too short, too long or too easy to guess."""
    password = normalize_password(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password is too short. Fix: use at least {MIN_PASSWORD_LENGTH} characters; a few words work well.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password is too long. Fix: use at most {MAX_PASSWORD_LENGTH} characters.")
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) == 1:
        raise AccountError("That password is one of the most common ones. Fix: choose something others would not guess.")
    if username.lower() in lowered:
        raise AccountError("The password contains the username. Fix: choose one that does not.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _staff(row: sa.engine.Row) -> Staff:
    return Staff(id=row.id, username=row.username, role=row.role, disabled=bool(row.disabled))


class Accounts:
    def __init__(self, engine: sa.engine.Engine, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.clock = clock
        self.table = StaffUser.__table__
        # Unknown usernames are checked against this, so they take as long as a wrong password.
        self._dummy_hash = HASHER.hash(secrets.token_urlsafe(24))

    def create(self, username: str, password: str, role: str = "staff") -> Staff:
        name = normalize_username(username)
        if role not in ROLES:
            raise AccountError(f"Role {role!r} does not exist. Fix: use one of {', '.join(ROLES)}.")
        check_password(name, password)
        with self.engine.begin() as connection:
            exists = connection.execute(sa.select(self.table.c.id).where(self.table.c.username == name)).first()
            if exists:
                raise AccountError(f"Username {name!r} is taken. Fix: choose another one.")
            result = connection.execute(self.table.insert().values(
                username=name, password_hash=HASHER.hash(normalize_password(password)), role=role,
                disabled=False, failed_logins=0, locked_until=None, created_at=utc_now(self.clock),
            ))
            return Staff(id=result.inserted_primary_key[0], username=name, role=role)

    def disable(self, username: str) -> Staff:
        """Marks the account disabled. Callers also end its sessions (see ``manage.disable_staff``)."""
        name = username.strip().lower()
        with self.engine.begin() as connection:
            row = connection.execute(sa.select(self.table).where(self.table.c.username == name)).first()
            if row is None:
                raise AccountError(f"No staff account is called {name!r}. Fix: check `staff list`.")
            connection.execute(self.table.update().where(self.table.c.id == row.id).values(disabled=True))
            return Staff(id=row.id, username=row.username, role=row.role, disabled=True)

    def get(self, user_id: int) -> Optional[Staff]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(self.table).where(self.table.c.id == user_id)).first()
        return _staff(row) if row else None

    def usernames(self, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(self.table.c.id, self.table.c.username).where(self.table.c.id.in_(user_ids)))
            return {row.id: row.username for row in rows}

    def list(self) -> list[StaffListing]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(self.table).order_by(self.table.c.username)).fetchall()
        return [
            StaffListing(row.username, row.role, bool(row.disabled),
                         as_utc(row.locked_until) if row.locked_until else None, as_utc(row.created_at))
            for row in rows
        ]

    def authenticate(self, username: str, password: str) -> LoginAttempt:
        """Checks a login. Every path runs one Argon2 verification so timing does not reveal which failed."""
        password = normalize_password(password)[: MAX_PASSWORD_LENGTH + 1]
        name = username.strip().lower()
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(self.table).where(self.table.c.username == name)).first() if USERNAME.match(name) else None
        if row is None:
            _verify(self._dummy_hash, password)
            return LoginAttempt("unknown_user")
        if row.disabled:
            _verify(self._dummy_hash, password)
            return LoginAttempt("disabled", user_id=row.id)
        now = utc_now(self.clock)
        correct = _verify(row.password_hash, password)
        if row.locked_until is not None and as_utc(row.locked_until) > now:
            return LoginAttempt("locked", user_id=row.id)
        if not correct:
            return LoginAttempt(self._count_failure(row.id, now), user_id=row.id)
        values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
        if HASHER.check_needs_rehash(row.password_hash):
            values["password_hash"] = HASHER.hash(password)
        with self.engine.begin() as connection:
            connection.execute(self.table.update().where(self.table.c.id == row.id).values(**values))
        return LoginAttempt("ok", staff=_staff(row), user_id=row.id)

    def _count_failure(self, user_id: int, now: datetime) -> str:
        """Counts a wrong password; the fifth in a row locks the account for ``LOCKOUT``."""
        table = self.table
        with self.engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == user_id).values(failed_logins=table.c.failed_logins + 1))
            failures = connection.execute(sa.select(table.c.failed_logins).where(table.c.id == user_id)).scalar_one()
            if failures < MAX_FAILED_LOGINS:
                return "bad_password"
            connection.execute(table.update().where(table.c.id == user_id).values(failed_logins=0, locked_until=now + LOCKOUT))
            return "lockout"
