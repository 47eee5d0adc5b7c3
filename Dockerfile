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
EXPOSE 8443
# Webhook mode answers /healthz; with long polling, the process being alive is the check.
HEALTHCHECK --interval=60s --timeout=5s --start-period=60s CMD \
    python -c "import os,sys,urllib.request; u=os.environ.get('BOT_WEBHOOK_URL'); \
sys.exit(0) if not u else urllib.request.urlopen('http://127.0.0.1:'+os.environ.get('BOT_PORT','8443')+'/healthz', timeout=4)"
CMD ["sh", "-c", "exec python -m bot run ${BOT_WEBHOOK_URL:+--webhook \"$BOT_WEBHOOK_URL\" --port ${BOT_PORT:-8443}}"]
