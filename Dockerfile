# The production image: one image for web, worker and beat (docker-compose.yml).
# Stage 1 builds the virtual environment from uv.lock and collects the static files; stage 2 is the runtime,
# without uv, compilers or caches.
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/venv \
    UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
# uv from PyPI, pinned: the same version that wrote uv.lock.
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic needs only settings; these throwaway values never reach the runtime image's environment.
RUN DEBUG=false SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only ALLOWED_HOSTS=build \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/venv/bin:$PATH"
# WeasyPrint's operating-system libraries and the report's font (DejaVu, with Swedish letters).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app portal && mkdir -p /data/media && chown portal /data/media
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER portal
EXPOSE 8000
# Settings (workers, --max-requests with jitter, trusted proxy addresses) in malmoandan/gunicorn_conf.py.
CMD ["gunicorn", "-c", "malmoandan/gunicorn_conf.py", "malmoandan.wsgi"]
