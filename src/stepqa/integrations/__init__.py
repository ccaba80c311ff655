"""Adapters that let other frameworks use stepqa (an edge, like the CLI and the UI)."""
