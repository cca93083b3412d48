"""What every screen of the desk shares: the theme, shortcuts and message boxes, table models
and views, form rows, pickers, background jobs, the UI's own settings and Qt's translations.
"""
