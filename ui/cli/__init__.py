"""The command line: one module per command, each a thin shell over the use cases of `clinic/`.

No Qt here (an import-linter contract): the commands run on a machine without a display.
"""
