"""Members and their employment; the member's own record (/me)."""
