"""The clinic assistant's own logic, importable without Rasa running."""
