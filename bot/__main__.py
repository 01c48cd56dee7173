"""`python -m bot` is `huisbot`."""

from bot.cli import main

raise SystemExit(main())
