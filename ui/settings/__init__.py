"""The Settings page, and the first steps of a brand-new clinic."""
