"""Built-in themes; installed as the package `generator.themes` (see pyproject.toml)."""
