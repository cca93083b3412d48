"""Staff accounts: logging in and opening the database for someone (`accounts`, `opening`),
the coordinator's management of accounts, the desk's own comings and goings in the trail.
"""
