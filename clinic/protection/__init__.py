"""Protection: the identification interview and the social-protection pathway of people who may
have been trafficked. `indicators` holds the ILO–European Commission indicators the interview
records and the ILO's rule for reading them.
"""
