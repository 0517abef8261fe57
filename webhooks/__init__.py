"""Signed webhooks: events written with the change that caused them, delivered to the district's endpoints."""
