"""Closed vocabularies stored as short strings, one module per capability.

They live in `db` because the models' CHECK constraints name them; each capability of `clinic`
re-exports its own (`clinic.registry.vocabulary`...) and owns what they mean. Values are stable
identifiers, never shown to users: the UI translates them.
"""
