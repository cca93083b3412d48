"""The Stock page: balances, the movements ledger, receiving, transfers, adjustments,
stocktakes and the coordinator's catalogue (issue 13)."""
