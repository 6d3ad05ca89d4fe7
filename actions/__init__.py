"""Rasa SDK custom actions: thin wrappers over the bot package."""
