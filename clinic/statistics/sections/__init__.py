"""The sections of the activity report (issue 15), one module each, in the report's order:
each has `section(scope) -> Section`, its figures counted in SQL over the period and the one
before it (`Scope.both`), each figure's definition written once beside the code that counts it.
"""
