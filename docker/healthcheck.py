"""The web container's health check: exit 0 when GET /healthz answers 200 "ok".

/healthz answers only when the database does (dhr/views.py). This script runs inside the web
container (docker-compose.yml's healthcheck), with the standard library only, so the image needs
no curl.

Two things stand between a plain-http request from inside the container and a 200:

* SECURE_SSL_REDIRECT (on whenever DEBUG is off) answers plain http with a 301 to https. The
  request therefore says ``X-Forwarded-Proto: https``. Gunicorn believes that header only from
  127.0.0.1/::1 (its forwarded_allow_ips, docker/gunicorn.conf.py), i.e. from this script, and
  then hands the request to Django as https. No setting is loosened for the check, and nobody
  outside the container can use the header to skip the redirect. (With TRUST_X_FORWARDED_PROTO
  on, Django also reads the header itself; the result is the same.)
* ALLOWED_HOSTS: Django answers 400 to a Host it does not serve, so the request names the first
  host of ALLOWED_HOSTS ("*" and ".example.org" patterns are turned into a name they match).

A redirect or any status other than 200 is unhealthy: nothing is followed.
"""

import http.client
import os
import sys


def host_header() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    if host == "*":
        return "localhost"
    # ".example.org" allows example.org and its subdomains.
    return host.lstrip(".")


def main() -> int:
    port = int(os.environ.get("PORT") or "8000")
    timeout = float(os.environ.get("HEALTHCHECK_TIMEOUT") or "5")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "GET", "/healthz", headers={"Host": host_header(), "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        body = response.read(64)
    except (OSError, http.client.HTTPException) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if response.status == 200 and body.strip() == b"ok":
        return 0
    print(f"unhealthy: HTTP {response.status} {body[:64]!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
