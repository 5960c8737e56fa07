"""The web edge: FastAPI application, routes and response schemas."""
