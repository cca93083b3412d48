"""The person's file at the desk: its timeline, and the forms of consultations, interviews,
tests and referrals opened from it."""
