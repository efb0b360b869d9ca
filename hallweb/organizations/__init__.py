"""Employers and other organizations, with their contacts."""
