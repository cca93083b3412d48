"""A demo clinic of invented people, for training and benchmarks: one module per capability
(`registry`, `vaccinations`...), `clinic` for the whole of it and `folder` for a new data folder
with staff who can log in. Only the `demo` command imports it (an import-linter contract).
"""
