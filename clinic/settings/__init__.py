"""The clinic's configuration, kept in the database (`configuration`), and the first steps of a
brand-new clinic. Below the registry and the desk, which read it.
"""
