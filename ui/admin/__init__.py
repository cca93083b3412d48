"""The coordinator's Administration page: staff accounts, the audit trail, backups and restoring."""
