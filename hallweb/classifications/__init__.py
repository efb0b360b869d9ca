"""Classifications: the trades and ranks a member or a job is classified by (a setting, seeded)."""
