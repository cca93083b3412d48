"""The Vaccinations page (worklist, appointments, stock) and a person's vaccinations: doses,
refusals, bookings and the printed card.
"""
