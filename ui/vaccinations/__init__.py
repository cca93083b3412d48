"""The Vaccinations page (worklist, appointments) and a person's vaccinations: doses,
refusals, bookings and the printed card.
"""
