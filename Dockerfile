# The bot in a container: a non-root user, the database in a volume, a health check.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 bot
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY store ./store
COPY seeds ./seeds
RUN pip install --no-cache-dir . && mkdir /data && chown bot /data
USER bot
ENV BOT_DB=/data/bot.json PYTHONUNBUFFERED=1
VOLUME ["/data"]
# Webhook mode only (docs/compose.webhook.yaml publishes it); long polling listens on no port.
EXPOSE 8443
# Both modes: the bot leaves a heartbeat after every minute tick (/data/bot.heartbeat), and
# `python -m bot health` fails when the last one is over 3 minutes old: a hung or stopped bot
# is unhealthy even though its process is alive.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD \
    ["python", "-m", "bot", "health"]
CMD ["sh", "-c", "exec python -m bot run ${BOT_WEBHOOK_URL:+--webhook \"$BOT_WEBHOOK_URL\" --port ${BOT_PORT:-8443}}"]
