"""Vaccinations: doses and refusals (`records`, `form`), where a person stands (`status`), the
stored forecasts and the worklist (`forecasts`), stock, appointments, the printed card's data and
the words; over the pure CDSi engine in `cdsi/`.
"""
