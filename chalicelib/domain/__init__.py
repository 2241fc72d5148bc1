"""Plain-Python business rules: no AWS, storage or web framework imports (tests enforce it)."""
