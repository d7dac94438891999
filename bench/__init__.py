"""Render benchmark: reelflow against the encoder's limit and a plain moviepy render."""
