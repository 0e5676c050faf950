"""Text on its own, knowing nothing of policies: the one boundary that escapes and sanitises
policy text (safe.py), X's character counting, the platforms' limits, local addresses."""
