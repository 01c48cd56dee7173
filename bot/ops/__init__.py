"""Running the bot for real: health check, backups, and the standby."""
