"""Street work and group information sessions (issue 14)."""
