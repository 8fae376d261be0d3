"""The HTTP JSON API (`coach serve`)."""
