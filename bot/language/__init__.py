"""Language: the spaCy pipeline, phrase matching and negation, typos, language guessing, sentence embeddings.

Reads text; knows nothing of triage, storage or Rasa.
"""
