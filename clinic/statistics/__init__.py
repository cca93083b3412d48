"""Statistics for the annual activity report: what each capability counts, read across them.

Empty for now: the report issue fills it. It sits above the capabilities, beside the demo.
"""
