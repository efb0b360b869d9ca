"""The benevolence fund: members apply, officers review level by level, staff pay."""
