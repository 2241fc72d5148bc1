"""DynamoDB storage: pynamodb models and the repositories that name each access pattern.

Nothing outside this package imports pynamodb.
"""
