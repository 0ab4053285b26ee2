"""Photos on S3-compatible object storage (MEDIA_S3_BUCKET), against moto's S3 server on 127.0.0.1.

The same Photo code as on disk: random names, renditions written and deleted through the storage API, the files of a
replaced or deleted photo removed once the change is committed; and nothing lands on the worker's own disk.
"""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Photo
from newsroom.config import MEDIA_CACHE_CONTROL, media_storage
from tests.articles.conftest import image_bytes
from tests.articles.test_photos import add_photo, exif_with_gps, management, stored_files

pytestmark = pytest.mark.django_db

PREFIX = "media"
CREDENTIALS = {"MEDIA_S3_ACCESS_KEY_ID": "test-key", "MEDIA_S3_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def get(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)


@pytest.fixture
def bucket(s3_endpoint, s3_client, settings):
    """A new bucket on the local S3, and the media storage pointed at it as config.py configures it."""
    bucket = Bucket(s3_client, f"zzrb-media-{uuid.uuid4().hex[:12]}")
    env = {
        "MEDIA_S3_BUCKET": bucket.name,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_PREFIX": PREFIX,
        **CREDENTIALS,
    }
    s3_client.create_bucket(Bucket=bucket.name)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(env)}
    yield bucket
    for key in bucket.keys():
        s3_client.delete_object(Bucket=bucket.name, Key=key)
    s3_client.delete_bucket(Bucket=bucket.name)


@pytest.fixture
def article(make_article):
    return make_article("迎五一 着盛装", kind="photo")


def keys_of(photo):
    return sorted(f"{PREFIX}/{name}" for name in photo.stored_files())


def test_an_upload_is_stored_in_the_bucket_under_random_names_shown_by_plain_urls_and_deleted_with_its_photo(
    admin_client, client, article, bucket, media_in_tmp, s3_endpoint, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("yingwuyi.jpg", image_bytes("JPEG", size=(640, 480), exif=exif_with_gps()))
    assert add_photo(admin_client, article, upload).status_code == 302
    photo = Photo.objects.get()
    assert photo.image.storage.__class__.__name__ == "S3Storage"
    assert len(bucket.keys()) == 5 and bucket.keys() == keys_of(photo)  # the original, WebP + JPEG of two widths
    assert all(
        re.fullmatch(rf"{PREFIX}/photos/(r|[0-9a-f]{{2}})/[0-9a-f]{{32}}\.(jpg|webp)", key) for key in bucket.keys()
    )
    assert stored_files(media_in_tmp) == []  # nothing on this worker's disk

    original = bucket.get(f"{PREFIX}/{photo.image.name}")
    assert (original["ContentType"], original["CacheControl"]) == ("image/jpeg", MEDIA_CACHE_CONTROL)
    stored = Image.open(io.BytesIO(original["Body"].read()))
    assert (stored.format, stored.size, dict(stored.getexif())) == ("JPEG", (640, 480), {})
    thumb = Image.open(io.BytesIO(bucket.get(f"{PREFIX}/{photo.renditions['thumb']['webp']}")["Body"].read()))
    assert (thumb.format, thumb.width) == ("WEBP", 480)

    # The story's page links the bucket's objects by plain, stable URLs (no expiring signature).
    url = photo.sources["page"]["jpg"]
    assert url == f"{s3_endpoint}/{bucket.name}/{PREFIX}/{photo.renditions['page']['jpg']}"
    page = client.get(article.get_absolute_url()).content.decode()
    assert url in page and "Signature" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Photo.objects.exists()
    assert bucket.keys() == []


def test_a_replaced_photos_files_are_deleted_from_the_bucket_after_commit(
    admin_client, article, bucket, django_capture_on_commit_callbacks
):
    add_photo(admin_client, article, SimpleUploadedFile("a.jpg", image_bytes()))
    photo = Photo.objects.get()
    first = keys_of(photo)
    data = {
        "article": article.pk,
        "image": SimpleUploadedFile("b.png", image_bytes("PNG")),
        "caption": "",
        "alt_text": "",
        "order": 0,
        **management("credits"),
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert admin_client.post(f"/admin/articles/photo/{photo.pk}/change/", data).status_code == 302
    photo.refresh_from_db()
    second = keys_of(photo)
    assert not set(first) & set(second)
    assert bucket.keys() == sorted(first + second)  # until the change is committed, the old files stay
    for callback in callbacks:
        callback()
    assert bucket.keys() == second


def test_page_files_go_to_the_bucket_under_pages_and_are_served_by_the_site_once_live(
    client, bucket, s3_endpoint, settings, make_edition, monkeypatch, django_capture_on_commit_callbacks
):
    """Page images and PDFs in the same bucket, under <prefix>/pages/ (which the bucket must not make public): read
    back and served by the site, by the publication rule; a replaced page's files removed once committed."""
    import datetime

    import time_machine

    from newsroom import page_files
    from newsroom.config import page_file_storage
    from tests.conftest import SAMPLE_LIVE_AT
    from tests.newsroom.page_images import give_image, pdf

    env = {"MEDIA_S3_BUCKET": bucket.name, "MEDIA_S3_ENDPOINT_URL": s3_endpoint, "MEDIA_S3_PREFIX": PREFIX}
    storage, _root, _accel = page_file_storage(media_storage({**env, **CREDENTIALS}), env, "/nowhere", "/")
    settings.STORAGES = {**settings.STORAGES, "pages": storage}
    monkeypatch.setattr(page_files, "SIZES", {"small": 60, "large": 120})
    page = make_edition().pages.get(code="A1")
    with django_capture_on_commit_callbacks(execute=True):
        first = give_image(page, upload=pdf(), name="a1.pdf")
    assert bucket.keys() == sorted(f"{PREFIX}/pages/{name}" for name in first)
    url = f"/editions/2020-04-28/A1/{first[-1].rsplit('/', 1)[-1]}"
    with time_machine.travel(SAMPLE_LIVE_AT - datetime.timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(SAMPLE_LIVE_AT, tick=False):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == bucket.get(f"{PREFIX}/pages/{first[-1]}")["Body"].read()
    with django_capture_on_commit_callbacks(execute=True):
        second = give_image(page)
    assert bucket.keys() == sorted(f"{PREFIX}/pages/{name}" for name in second)
