"""The domain: the house's rules, free of Telegram. Functions take a Session and a clock,
change or read rows, and never commit (the update wrapper does)."""
