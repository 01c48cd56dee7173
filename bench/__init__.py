"""Benchmarks: the real application driven through the fake Telegram (see bench/README.md)."""
