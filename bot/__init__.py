"""Huisbot: the Telegram bot of a self-managed house."""
