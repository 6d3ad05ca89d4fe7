"""The public web app for uvicorn: the clinic demo page, the widget's files and the staff console."""
from __future__ import annotations

from fastapi import FastAPI

from bot.privacy import log_privacy
from bot.web.console.app import create_app
from bot.content.settings import load_settings


def app() -> FastAPI:
    """Factory for ``uvicorn --factory bot.web.app:app``; settings come from the environment."""
    log_privacy.install()  # no patient text in the web app's logs either (bot/privacy/log_privacy.py)
    return create_app(load_settings())
