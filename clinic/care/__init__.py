"""A person's care (issue 12): consultations, rapid tests, referrals and the person's file.

Who may read and write each kind is decided here, by `clinic.common.permissions`; the desk only
shows what these use cases return. Identification interviews and protection pathways, the
anti-trafficking part, live beside this in `clinic.protection`.
"""
