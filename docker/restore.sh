#!/bin/sh
# Restores a backup made by backup.sh into an EMPTY database and an empty media folder.
#   createdb dhr_restored
#   DATABASE_URL=postgres://.../dhr_restored MEDIA_ROOT=/srv/media-restored docker/restore.sh /backups/2026-12-02
# Checks the files against SHA256SUMS first; stops at the first error.
set -eu
source=${1:?usage: restore.sh FOLDER}
: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
(cd "$source" && sha256sum --check --quiet SHA256SUMS)
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$DATABASE_URL" "$source/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/media.tar.gz"
echo "Restored from $source"
