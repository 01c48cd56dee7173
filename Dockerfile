# Huisbot: a small image with the bot and nothing else.
#   docker build -t huisbot .
#   docker run --env-file .env huisbot            (SQLite in the volume /data by default)
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/huisbot.db

# DejaVu Sans for the pages printed from the bot (bot/printing): every letter, and the icons.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A user of its own: the bot never runs as root.
RUN useradd --system --create-home --uid 10001 huisbot \
    && mkdir /data && chown huisbot /data

# The package from this repository. Installed in place (editable): the text catalogs in
# locales/ are read next to the code.
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
RUN pip install -e /app

USER huisbot
WORKDIR /data
VOLUME /data

# Database reachable and migrated, token accepted, webhook as configured: one line, exit 0/1.
HEALTHCHECK --interval=60s --timeout=30s --start-period=30s --retries=3 CMD ["huisbot", "check"]

# SIGTERM stops the bot cleanly within seconds (compose: stop_grace_period 15s).
STOPSIGNAL SIGTERM
CMD ["huisbot", "run"]
