"""What every capability builds on: known errors, the clock, dates and text typed by people,
and who may do what (`permissions`). The bottom of `clinic/`: it imports nothing of the rest.
"""
