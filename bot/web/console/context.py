"""The objects one console instance shares, handed to routes via ``app.state.console``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

import sqlalchemy as sa

from bot.web.console.accounts import Accounts
from bot.storage.audit import AuditLog
from bot.web.console.changes import Changes
from bot.storage.database import Clock
from bot.web.console.queries import Queries
from bot.web.console.sessions import Sessions
from bot.storage.feedback import FeedbackStore
from bot.content.settings import Settings


@dataclass
class Console:
    settings: Settings
    clock: Clock
    engine: sa.engine.Engine
    accounts: Accounts
    sessions: Sessions
    audit: AuditLog
    queries: Queries
    changes: Changes
    feedback: FeedbackStore
    zone: tzinfo

    @property
    def cookie_name(self) -> str:
        """``__Host-`` binds the cookie to this exact host over HTTPS; plain-http local runs cannot use it."""
        return "__Host-console" if self.settings.cookie_secure else "console"

    @property
    def login_cookie_name(self) -> str:
        return "__Host-console-login" if self.settings.cookie_secure else "console-login"
