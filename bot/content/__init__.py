"""Content: the contract's names, the clinic file and knowledge loading, the responses, hours, settings.

The lowest layer: it imports nothing else of the project.
"""
