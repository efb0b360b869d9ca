"""Grievances: filing with generated numbers, contract steps, business-day deadlines and extensions."""
