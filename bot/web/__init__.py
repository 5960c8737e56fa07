"""Rendering for people: plain text for the terminal (the web page comes later)."""
