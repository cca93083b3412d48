"""Persons under a pseudonymous code: the code (`codes`), registration and its duplicates, the
form and its validation, find-as-you-type (`search`), reading and editing a record (`persons`),
and the registry's vocabularies and words. Below the capabilities that are about a person.
"""
