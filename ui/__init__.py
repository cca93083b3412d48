"""The two interfaces: the Qt desk, one folder per capability with `common/` beside them, and
the command line in `cli/` (no Qt).
"""
