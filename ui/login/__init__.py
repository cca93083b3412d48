"""Getting in and staying safe: the set-up wizard, the login and recovery windows, the password
field, the recovery key's output, and the lock that covers every window.
"""
