"""Administration: user accounts, roles, suspensions, the audit log and the outbox."""
