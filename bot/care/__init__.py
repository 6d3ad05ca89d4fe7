"""Care logic: the soft pre-screen, triage of symptoms, the red-flag screen and its second detector.

Decides what a message means for the patient's safety; stores nothing.
"""
