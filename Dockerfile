# Lodestar web, worker and beat: one image, three commands (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .

# Production settings refuse to load without their secrets. collectstatic touches neither
# the database nor Redis, so this one step gets throwaway values that stay out of the image.
RUN SECRET_KEY=collectstatic-only \
    DATABASE_URL=postgres://collectstatic@localhost/collectstatic \
    REDIS_URL=redis://localhost:6379/0 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v 0

RUN useradd --create-home --uid 10001 lodestar \
    && mkdir -p /app/media \
    && chown lodestar:lodestar /app/media
USER lodestar

EXPOSE 8000
# Gunicorn reads WEB_CONCURRENCY for its number of workers.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
