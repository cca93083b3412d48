"""Material and stock at the desk (issue 13): the hand-out dialog (F9), the desk's stock
warnings, and the Stock page (balances, the movements ledger, receiving, transfers,
adjustments, stocktakes)."""
