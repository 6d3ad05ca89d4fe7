"""The two installed sentence encoders: English MiniLM, and the multilingual E5 the Spanish reader reads."""
from __future__ import annotations

import os

import numpy as np

from bot.language.sentence_embeddings import MODEL_ID, MULTILINGUAL_MODEL_ID, SentenceEncoder


def test_the_multilingual_encoder_places_a_spanish_question_beside_its_english_meaning():
    """What MiniLM could not do: "¿cuánto cuesta?" is nearer "how much does it cost" than "does it hurt"."""
    encoder = SentenceEncoder.shared_multilingual()
    spanish, cost, pain = encoder.encode(["¿cuánto cuesta una sesión?", "how much does a session cost", "does it hurt"])
    assert encoder.model_id == MULTILINGUAL_MODEL_ID
    assert float(spanish @ cost) > float(spanish @ pain)
    assert np.allclose(np.linalg.norm([spanish, cost, pain], axis=1), 1.0, atol=1e-3)


def test_a_message_encoded_alone_or_in_a_batch_gets_the_same_vector():
    """The featurizer encodes one message, training encodes batches: the reader must see the same numbers."""
    for encoder in (SentenceEncoder.shared(), SentenceEncoder.shared_multilingual()):
        texts = ["me duele mucho la frente desde ayer", "hi", "can I wear makeup the day after?"]
        together = encoder.encode(texts)
        alone = np.vstack([encoder.encode([text]) for text in texts])
        assert together.shape == (3, 384) and np.allclose(together, alone, atol=1e-4), encoder.model_id


def test_loading_the_engine_leaves_the_thread_setting_of_the_process_as_it_was():
    before = os.environ.get("OMP_NUM_THREADS")
    SentenceEncoder.load_multilingual()
    assert os.environ.get("OMP_NUM_THREADS") == before


def test_the_two_encoders_are_kept_apart_in_the_stored_embeddings(tmp_path):
    """A bank encoded by one model is never read back as the other's."""
    english = SentenceEncoder.shared().encode_stored(["fever since last night"], tmp_path)
    multilingual = SentenceEncoder.shared_multilingual().encode_stored(["fever since last night"], tmp_path)
    assert MODEL_ID != MULTILINGUAL_MODEL_ID and not np.allclose(english, multilingual)
