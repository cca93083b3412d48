"""The audit trail: its chained rows (`trail`), the end recorded outside (`anchor`), the chain's
check (`chain`), the coordinator's reading of it (`log`, `words`), and one transaction per user
action whose denials are audited (`transactions`). Below every capability, which all write it.
"""
