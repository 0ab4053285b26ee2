"""Uploads are served by the web server in production (deploy/nginx.conf, tried here with a real nginx when there is
one) and by Django only with SERVE_MEDIA; a path out of MEDIA_ROOT is a quiet 404 either way. Page images and PDFs are
sent by nginx only when the site says so (X-Accel-Redirect), that is once their edition is live."""

import datetime
import logging
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff<html>")
    (tmp_path / "secret.txt").write_text("SECRET_KEY=...")
    return settings.MEDIA_ROOT


def test_without_serve_media_django_serves_no_upload(client, media):
    assert client.get("/media/photos/a.jpg").status_code == 404


@pytest.mark.urls("tests.newsroom.media_urls")
def test_with_serve_media_an_upload_is_served_unsniffed(client, media):
    response = client.get("/media/photos/a.jpg")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls("tests.newsroom.media_urls")
@pytest.mark.parametrize("path", ["../secret.txt", "photos/../../secret.txt", "%2e%2e/secret.txt", "/etc/passwd"])
def test_a_path_out_of_media_root_is_a_quiet_404(client, media, caplog, path):
    with caplog.at_level(logging.INFO):
        response = client.get(f"/media/{path}")
    assert response.status_code == 404
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, body=False):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            answer = response.status, dict(response.headers)
            return (*answer, response.read()) if body else answer
    except urllib.error.HTTPError as error:
        return (error.code, dict(error.headers), b"") if body else (error.code, dict(error.headers))


class Upstream(BaseHTTPRequestHandler):
    """The site as nginx sees it: the answers the Django view gave the test client, by path; 418 for anything else."""

    answers = {}

    def do_GET(self):
        status, headers, body = self.answers.get(self.path, (418, [], b""))
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def page_file_answers(client, settings, tmp_path):
    """Two pages with an image, one of a live edition and one scheduled: the site's answers for their files with
    PAGE_FILES_ACCEL_REDIRECT, and {url: the file nginx must send, or None for a 404}."""
    from django.utils import timezone

    from newsroom.models import Edition, Page
    from tests.newsroom.page_images import give_image, png

    settings.PAGE_FILES_ROOT = tmp_path / "var" / "pages"  # where the snippet's alias points, in the test
    settings.PAGE_FILES_ACCEL_REDIRECT = "/page-files/"
    now = timezone.now()
    expected, answers = {}, {}
    for day, live in (("2020-04-28", True), ("2999-01-01", False)):
        edition = Edition.objects.create(date=day, publish_at=now - datetime.timedelta(hours=1 if live else -1))
        page = Page.objects.create(edition=edition, code="A1")
        stored = give_image(page, upload=png((30, 40)))
        for name in stored:
            url = f"/editions/{day}/A1/{name.rsplit('/', 1)[-1]}"
            response = client.get(url)
            assert response.status_code == (200 if live else 404)
            answers[url] = (response.status_code, list(response.items()), response.content)
            expected[url] = (settings.PAGE_FILES_ROOT / name) if live else None
    return answers, expected


def test_the_documented_nginx_snippet_serves_uploads_unsniffed_and_nothing_else(client, settings, tmp_path, media):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("nginx is not installed, and REQUIRE_NGINX is set (.ci/run installs it)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    Upstream.answers, expected = page_file_answers(client, settings, tmp_path)
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    snippet = (ROOT / "deploy" / "nginx.conf").read_text()
    snippet = snippet.replace("listen 80;", f"listen 127.0.0.1:{port};")
    snippet = snippet.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream.server_port};")
    snippet = snippet.replace("/srv/newsroom/var/media/", f"{media}/").replace("/srv/newsroom/", f"{tmp_path}/")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\ntypes {{ image/jpeg jpg; image/webp webp; application/pdf pdf; }}\n{snippet}\n}}\n"
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True
    )
    assert checked.returncode == 0, checked.stderr.decode()
    server = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        status, headers = fetch(f"{base}/media/photos/a.jpg")
        assert status == 200
        assert headers["Content-Type"] == "image/jpeg" and headers["X-Content-Type-Options"] == "nosniff"
        assert fetch(f"{base}/media/")[0] == 403  # no listing
        # nginx resolves the dots first: what is left is outside /media/, never a file beside MEDIA_ROOT.
        assert fetch(f"{base}/media/../secret.txt")[0] != 200
        assert fetch(f"{base}/media/photos/../../secret.txt")[0] != 200
        assert fetch(f"{base}/")[0] == 418  # everything else goes to the site
        # A page's files: sent by nginx when the site says so (its edition is live), else the site's 404; never
        # reached by their names, and never from under /media/.
        for url, path in expected.items():
            status, headers, body = fetch(base + url, body=True)
            if path is None:
                assert status == 404, url
                continue
            assert (status, body) == (200, path.read_bytes()), url
            kind = {"jpg": "image/jpeg", "webp": "image/webp"}[url.rsplit(".", 1)[-1]]
            assert headers["Content-Type"] == kind and headers["X-Content-Type-Options"] == "nosniff", url
            assert "public" in headers["Cache-Control"], url
        for path in (settings.PAGE_FILES_ROOT).rglob("*.*"):
            name = path.relative_to(settings.PAGE_FILES_ROOT)
            assert fetch(f"{base}/page-files/{name}")[0] == 404
            assert fetch(f"{base}/media/../pages/{name}")[0] != 200
    finally:
        server.terminate()
        server.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()
