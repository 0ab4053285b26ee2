"""Uploads are served by the web server in production (deploy/nginx.conf, tried here with a real nginx when there is
one) and by Django only with SERVE_MEDIA; a path out of MEDIA_ROOT is a quiet 404 either way."""

import logging
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
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


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_the_documented_nginx_snippet_serves_uploads_unsniffed_and_nothing_else(tmp_path, media):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("nginx is not installed, and REQUIRE_NGINX is set (.ci/run installs it)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    snippet = (ROOT / "deploy" / "nginx.conf").read_text()
    snippet = snippet.replace("listen 80;", f"listen 127.0.0.1:{port};")
    snippet = snippet.replace("/srv/newsroom/var/media/", f"{media}/").replace("/srv/newsroom/", f"{tmp_path}/")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\ntypes {{ image/jpeg jpg; }}\n{snippet}\n}}\n"
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
        assert fetch(f"{base}/")[0] == 502  # everything else goes to gunicorn (not running here)
    finally:
        server.terminate()
        server.wait(timeout=10)
