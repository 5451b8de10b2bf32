"""Matching waiting residents with digital buddies: runs, proposals and their
explanations; `engine/` is the pure solver."""
