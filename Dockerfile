# syntax=docker/dockerfile:1
#
# The production image of the DHR case manager: gunicorn by default; the same image runs the
# Celery worker and beat and the one-shot migration (see docker-compose.yml).
#
#   docker build -t dhr-case-manager .
#
# Two stages: Node builds the CSS and JavaScript (static/dist) and is thrown away; the final image
# has Python only. Nothing secret is baked in: every setting comes from the environment at run time.

############################################################################################
# Stage 1: front-end assets (GOV.UK Frontend + our Sass) -> /build/static/dist
############################################################################################
FROM node:20-bookworm-slim AS assets

WORKDIR /build
# The lock file first, so the npm layer is reused until the dependencies change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/build.mjs static/build.mjs
COPY static/src static/src
RUN npm run build

############################################################################################
# Stage 2: the application
############################################################################################
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# An unprivileged user with a fixed id, so volume ownership is predictable across rebuilds.
ARG APP_UID=10001
RUN groupadd --system --gid "${APP_UID}" dhr \
    && useradd --system --uid "${APP_UID}" --gid dhr --home-dir /var/lib/dhr --shell /usr/sbin/nologin dhr

# WeasyPrint (PDF exports) needs Pango and HarfBuzz from the system.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

# Python dependencies: exactly the locked, hash-checked production set (no development tools).
COPY requirements/base.txt /tmp/requirements/base.txt
RUN python -m venv "${VIRTUAL_ENV}" \
    && pip install --require-hashes -r /tmp/requirements/base.txt \
    && rm -rf /tmp/requirements

WORKDIR /app
# The code belongs to root: the app user can read it but not change it.
# .dockerignore keeps out .env (the quick start's DEBUG=true), .venv, node_modules, var/ and tests.
COPY . /app
COPY --from=assets /build/static/dist /app/static/dist

# Run-time layout. DHR_VAR_DIR holds the app's writable state (uploads, Celery beat's schedule);
# docker-compose mounts named volumes on /var/lib/dhr/media and /var/lib/dhr/celery. The folders
# are created here, owned by the app user, so that new named volumes inherit that ownership.
# DEBUG is off by default already; it is set here too so that the image never depends on it.
ENV DJANGO_SETTINGS_MODULE=dhr.settings \
    DEBUG=false \
    DHR_VAR_DIR=/var/lib/dhr \
    MEDIA_ROOT=/var/lib/dhr/media \
    STATIC_ROOT=/app/staticfiles
RUN mkdir -p /var/lib/dhr/media /var/lib/dhr/celery \
    && chown -R dhr:dhr /var/lib/dhr \
    && chmod 0750 /var/lib/dhr /var/lib/dhr/media /var/lib/dhr/celery

# Collect (and compress and fingerprint: CompressedManifestStaticFilesStorage) the static files
# into STATIC_ROOT, from which WhiteNoise serves them. Importing the settings needs SECRET_KEY
# and a DATABASE_URL; the dummy values below exist for this one command only and are not kept in
# the image. The settings never connect to the database on import (DATABASE_URL only selects
# PostgreSQL over the embedded server), and CELERY_BROKER_URL keeps the settings from creating
# the filesystem broker's folders. The command connects to nothing.
RUN SECRET_KEY=collectstatic-only-not-a-real-key \
    DATABASE_URL=postgres://build@127.0.0.1:1/build \
    CELERY_BROKER_URL=redis://127.0.0.1:1/0 \
    python manage.py collectstatic --noinput --verbosity 1
# Compile the project's Python once here: at run time the code is read-only to the app user.
RUN python -m compileall -q /app

USER dhr:dhr
EXPOSE 8000

# The web server. docker/gunicorn.conf.py documents its settings (workers, bind, logging);
# docker/healthcheck.py is the health check that docker-compose runs against /healthz.
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "dhr.wsgi:application"]
