"""The only layer that imports Rasa: NLU components, channels, the tracker store and Rasa's patches.

Everything below it (bot.content, bot.care, bot.handoffs, ...) is plain
Python that a test, a live chat or another language can call without Rasa.
Every Rasa process of the project starts through ``python -m bot.rasa_ext``,
which checks and installs the patches first (bot.rasa_ext.rasa_patches).
Importing this package imports nothing, so the action server, which uses
only rasa_sdk, does not load Rasa or TensorFlow through it.
"""
