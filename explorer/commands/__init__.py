"""CLI commands, one module per area; each is thin over the library."""
