"""The bot/ objects the actions share, built once per action-server process."""
from __future__ import annotations

import os
import threading
from functools import lru_cache

from bot.handoffs.live_chat import LiveChats
from bot.handoffs.store import HandoffStore
from bot.handoffs.wiring import handoff_store
from bot.content.knowledge import ENGLISH, Knowledge, load
from bot.care.screening import Screening, load_screening
from bot.content.settings import load_settings
from bot.care.red_flags import RedFlagScreen, screen_for_clinic
from bot.care.triage import load_advice
from bot.storage.database import system_clock

REPLAY_SECONDS = float(os.environ.get("HANDOFF_REPLAY_SECONDS", "30"))


@lru_cache(maxsize=None)
def knowledge(language: str = ENGLISH) -> Knowledge:
    """The content in one language (knowledge/ for English, knowledge/<language>/ otherwise)."""
    settings = load_settings()
    return load(settings.knowledge_dir, settings.clinic_file, language)


@lru_cache(maxsize=None)
def screening(language: str = ENGLISH) -> Screening:
    return load_screening(load_settings().knowledge_dir, language)


@lru_cache(maxsize=1)
def screen() -> RedFlagScreen:
    """The red-flag screen, for messages Rasa's NLU did not screen (it normally has: see actions.triage)."""
    return screen_for_clinic(load_settings())


@lru_cache(maxsize=None)
def advice_templates(language: str = ENGLISH) -> dict[str, str]:
    return load_advice(load_settings().knowledge_dir, language)


@lru_cache(maxsize=1)
def store() -> HandoffStore:
    handoffs = handoff_store(load_settings())
    try:
        handoffs.migrate()
    except Exception:  # noqa: BLE001 - a down database must not stop the actions: writes go to the spool
        pass
    _replay_forever(handoffs)
    return handoffs


@lru_cache(maxsize=1)
def live_chats() -> LiveChats:
    """Who is online for live chats: the console writes it to the handoff database."""
    return LiveChats(store().engine, system_clock)


def _replay_forever(handoffs: HandoffStore) -> None:
    """Lands spooled handoffs once the database is back, even with no traffic."""
    def loop() -> None:
        stop = threading.Event()
        while not stop.wait(REPLAY_SECONDS):
            if not handoffs.spool.pending():
                continue
            try:
                handoffs.migrate()  # the database may have come back empty
                handoffs.replay()
            except Exception:  # noqa: BLE001 - still down; try again later
                continue

    threading.Thread(target=loop, name="handoff-replay", daemon=True).start()
