"""Subcommands of the copylint CLI, one module each."""
