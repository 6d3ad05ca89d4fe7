"""Web: the public site, the chat proxy to Rasa and the staff console, served by one FastAPI app.

It talks to Rasa over HTTP only, so it never imports it.
"""
