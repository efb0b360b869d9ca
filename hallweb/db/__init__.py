"""Database plumbing shared by every domain: column types, constraints, versions, archiving, pages, transactions."""
