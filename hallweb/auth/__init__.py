"""Accounts: registration, email verification, sign-in, password reset, invitations."""
