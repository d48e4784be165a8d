#!/bin/sh
# Backs up the service: the database (pg_dump custom format) and the uploaded files.
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/media docker/backup.sh /backups/2026-12-02
# Writes database.dump, media.tar.gz and SHA256SUMS into the folder (created if missing).
# With S3 storage (DHR_S3_BUCKET), back the bucket up with the object store's own tools
# (versioning or replication) instead of media.tar.gz.
set -eu
target=${1:?usage: backup.sh FOLDER}
: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backed up to $target"
