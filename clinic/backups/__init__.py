"""Backups: encrypted, checked snapshots kept with rotation (`backing_up`), and restoring one,
also into a folder whose database cannot be opened (`restoring`).
"""
