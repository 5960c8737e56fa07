# Tokyo women's support finder: the web service (search API, referral page, LINE webhook).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them: the exact versions of
# requirements.lock (no dev tools), each checked against its hash. sudachidict-core (the
# Sudachi dictionary) is baked into the image here.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-deps . \
    && pip check \
    && useradd --create-home --uid 10001 app \
    && mkdir -p /app/var && chown app /app/var
# The installed package reads the bundled knowledge from /app/knowledge; without Redis,
# feedback counts are kept in /app/var (mount a volume there to keep them).
ENV KNOWLEDGE_DIR=/app/knowledge \
    STATE_DIR=/app/var

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["python", "-m", "bot", "serve", "--host", "0.0.0.0", "--port", "8000"]
