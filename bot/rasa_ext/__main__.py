"""Rasa's command line with the project's Rasa patches: ``python -m bot.rasa_ext run|train|test|data ...``.

The one place every Rasa process of the project goes through (``bot.ops.cli``,
``scripts/test``'s ``rasa data validate`` and ``rasa test``, the Docker and
Kubernetes commands), so none runs without the patches or with a Rasa they
were not checked against. The channels refuse to load otherwise.
"""
from __future__ import annotations

from bot.privacy import log_privacy
from bot.rasa_ext import rasa_patches


def main() -> None:
    log_privacy.install()
    rasa_patches.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
