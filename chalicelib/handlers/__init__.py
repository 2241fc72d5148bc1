"""Entry points: HTTP routes per area and the bodies of the event handlers app.py declares."""
