"""A person's record on screen: the form, its dialog, the overview, consent, likely duplicates
and the search results' table.
"""
