"""Search: normalise -> analyse (Sudachi) -> index build -> query -> rank."""
