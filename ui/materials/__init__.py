"""Material and stock at the desk (issue 13)."""
