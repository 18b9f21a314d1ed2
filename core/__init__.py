"""Shared records, settings, errors and text helpers used by every stage."""
