"""Training reads shared by pages, fragments and exports; one statement per grid, whatever its size."""
