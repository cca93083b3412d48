"""The care team's follow-up page: referrals still waiting for an outcome, and the open
protection pathways."""
