"""The site's icon: linked by every page (SVG, and an ICO for browsers without SVG icons), and
/favicon.ico, which browsers ask for whatever a page links, answers instead of logging a 404."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

SOURCE = Path(settings.BASE_DIR) / "static" / "src"


def test_favicon_ico_answers_for_anyone(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    assert reverse("favicon") == "/favicon.ico"


def test_the_icons_are_real_images_in_static():
    icon = Image.open(SOURCE / "favicon.ico")
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    assert (SOURCE / "favicon.svg").read_text().startswith("<svg")
    # The build copies both where Django finds static files (static/dist).
    for name in ("favicon.ico", "favicon.svg"):
        found = finders.find(name)
        assert found, f"{name} is not built: run npm run build"
        assert Path(found).read_bytes() == (SOURCE / name).read_bytes()


def test_every_page_links_the_icons(client, db):
    page = client.get(reverse("accessibility")).content.decode()
    assert '<link rel="icon" href="/static/favicon.ico" sizes="48x48">' in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
