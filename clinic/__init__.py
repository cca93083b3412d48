"""The domain: rules, use cases and statistics. Plain Python; no Qt, no widgets."""
