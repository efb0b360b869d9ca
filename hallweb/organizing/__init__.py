"""Organizing (SALTing): activity logged against target employers, campaigns, salts' job applications."""
