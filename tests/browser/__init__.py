"""Tests that drive the built handbook in Chromium (a package so module names stay unique)."""
