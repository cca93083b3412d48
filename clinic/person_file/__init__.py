"""A person across the capabilities: the overview the desk opens on Enter, and the edit of a
record whose consequences reach other capabilities (vaccine forecasts count from the birth
date). Above the capabilities, beside statistics and the demo.
"""
