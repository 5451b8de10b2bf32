"""The benchmark helpers that can be checked without a server."""
