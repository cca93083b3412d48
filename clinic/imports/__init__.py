"""Persons and contacts brought in from a clinic's old spreadsheets (issue 15).

A file is read as text cells (`sheet`), its columns matched to Soglia's fields (`columns`,
`mapping`), every row checked by the desk's own validation, then written in one transaction
with one audit row (`persons`, `contacts`). Nothing is written twice: a person is known by
their code, a contact by its person, day and kind.
"""
