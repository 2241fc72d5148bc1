"""Use cases: each public method is one thing a user or an event asks for."""
