"""The local stack: AWS stand-in, resources from infra/template.json, API, event pump, demo data."""
