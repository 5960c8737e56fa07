"""Loading, validating and querying the curated knowledge base in ``knowledge/``."""
