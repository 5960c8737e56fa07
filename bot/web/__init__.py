"""Rendering for people: the support workers' referral page, and plain text for the terminal."""
