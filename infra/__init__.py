"""Infrastructure as code (template.json) and the local stand-in that builds from it."""
