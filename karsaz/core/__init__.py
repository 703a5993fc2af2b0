"""The platform every Karsaz module builds on (a regular package, so import-linter sees it)."""
