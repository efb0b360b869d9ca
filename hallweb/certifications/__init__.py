"""Certifications: a member's safety and trade certificates, their validity, renewals and revocations."""
