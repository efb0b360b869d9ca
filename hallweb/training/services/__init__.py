"""Pre-apprenticeship training rules, one module per noun."""
