"""Telegram-facing glue: adapters around python-telegram-bot."""
