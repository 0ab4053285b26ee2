"""Photos: Pillow refuses what the paper does not take; what is stored has no EXIF and a random name."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Photo
from tests.articles.conftest import image_bytes

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[GPS_IFD] = {1: "N", 2: (27.0, 49.0, 30.0), 3: "E", 4: (113.0, 8.0, 0.0)}
    return exif.tobytes()


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


@pytest.fixture
def article(make_article):
    return make_article("迎五一 着盛装", kind="photo")


def add_photo(admin_client, article, upload):
    data = {"article": article.pk, "image": upload, "caption": "“五一”劳动节即将到来", "alt_text": "", "order": 0}
    return admin_client.post("/admin/articles/photo/add/", {**data, **management("credits")})


def random_png(width, height):
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, format="PNG", compress_level=0)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.jpg", "这不是图片".encode(), "图片"),
        ("scan.bmp", image_bytes("BMP"), "不接受 BMP 格式"),
        ("scan.tiff", image_bytes("TIFF"), "不接受 TIFF 格式"),
        ("huge.png", random_png(3000, 2400), "不能超过 20 MB"),
        ("bomb.png", image_bytes("PNG", size=(8000, 7000), mode="1"), "不能超过 5000 万像素"),
    ],
)
def test_an_unacceptable_upload_is_a_form_error_and_nothing_is_stored(
    admin_client, article, media_in_tmp, name, content, message
):
    response = add_photo(admin_client, article, SimpleUploadedFile(name, content))
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []


@pytest.mark.parametrize("fmt, name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")])
def test_the_four_accepted_formats_are_stored(admin_client, article, fmt, name):
    response = add_photo(admin_client, article, SimpleUploadedFile(name, image_bytes(fmt)))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Image.open(Photo.objects.get().image.path).format == fmt


def test_exif_and_gps_are_stripped_from_what_is_stored(admin_client, article):
    original = image_bytes("JPEG", size=(1600, 1200), exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the upload does carry GPS
    add_photo(admin_client, article, SimpleUploadedFile("IMG_0001.jpg", original))
    photo = Photo.objects.get()
    stored = Image.open(photo.image.path)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    for name in ("thumb", "page"):
        for ext in ("webp", "jpg"):
            rendition = Image.open(photo.image.storage.path(photo.renditions[name][ext]))
            assert dict(rendition.getexif()) == {}


def test_file_names_say_nothing_of_the_article_or_the_upload(admin_client, article):
    add_photo(admin_client, article, SimpleUploadedFile("yingwuyi-zhuzhou.jpg", image_bytes()))
    photo = Photo.objects.get()
    names = [photo.image.name] + [r[ext] for r in photo.renditions.values() for ext in ("webp", "jpg")]
    stems = [name.rsplit("/", 1)[-1].split(".")[0] for name in names]
    assert all(re.fullmatch(r"[0-9a-f]{32}", stem) for stem in stems), names  # 128 random bits each
    assert len(set(stems)) == len(stems)


def test_renditions_are_made_once_and_reused(admin_client, article, media_in_tmp):
    add_photo(admin_client, article, SimpleUploadedFile("a.jpg", image_bytes("JPEG", size=(2400, 1600))))
    photo = Photo.objects.get()
    assert photo.renditions["thumb"]["width"] == 480 and photo.renditions["page"]["width"] == 1200
    files = stored_files(media_in_tmp)
    assert len(files) == 5  # the original, and WebP + JPEG of two widths
    photo.caption = "改了图片说明"
    photo.save()
    assert stored_files(media_in_tmp) == files
    assert Photo.objects.get().renditions == photo.renditions


def test_the_article_form_takes_a_photo_with_its_printed_credit(admin_client, media_in_tmp):
    data = {
        "headline": "迎五一 着盛装",
        "kind": "photo",
        "status": "draft",
        "position": 0,
        "kicker": "",
        "subheadline": "",
        "dateline": "",
        "body": "",
        "summary": "",
        "jump_mark": "",
        "continued_from_code": "",
        **management("bylines"),
        **management("corrections"),
        **management("photos", total=1),
        "photos-0-image": SimpleUploadedFile("p.jpg", image_bytes()),
        "photos-0-caption": "“五一”劳动节即将到来,荷塘区城管局园林绿化中心的工作人员用鲜花和景观造型营造节日氛围。",
        "photos-0-credit_text": "株洲日报记者 任远 通讯员/任晓磊 摄",
        "photos-0-alt_text": "",
        "photos-0-order": 0,
    }
    response = admin_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["errors"]
    photo = Article.objects.get().photos.get()
    assert photo.printed_credit == "株洲日报记者 任远 通讯员/任晓磊 摄"
    assert [c.contributor.affiliation for c in photo.credits.all()] == ["株洲日报", ""]


def test_an_unreadable_credit_is_a_form_error_and_nothing_is_saved(admin_client, media_in_tmp):
    data = {
        "headline": "迎五一 着盛装",
        "kind": "photo",
        "status": "draft",
        "position": 0,
        **management("bylines"),
        **management("corrections"),
        **management("photos", total=1),
        "photos-0-image": SimpleUploadedFile("p.jpg", image_bytes()),
        "photos-0-credit_text": "任远拍的",
        "photos-0-order": 0,
    }
    response = admin_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "不是图片署名" in response.content.decode()
    assert Article.objects.count() == 0 and Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_saving_an_article_again_keeps_its_stored_photo(admin_client, article):
    add_photo(admin_client, article, SimpleUploadedFile("a.jpg", image_bytes()))
    photo = Photo.objects.get()
    data = {"article": article.pk, "caption": "改了说明", "alt_text": "", "order": 0, **management("credits")}
    response = admin_client.post(f"/admin/articles/photo/{photo.pk}/change/", data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "改了说明" and photo.image.storage.exists(photo.image.name)


def test_a_replaced_or_deleted_photo_leaves_no_file_behind(
    admin_client, article, media_in_tmp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_photo(admin_client, article, SimpleUploadedFile("a.jpg", image_bytes()))
    photo = Photo.objects.get()
    data = {
        "article": article.pk,
        "image": SimpleUploadedFile("b.png", image_bytes("PNG")),
        "caption": "",
        "alt_text": "",
        "order": 0,
        **management("credits"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"/admin/articles/photo/{photo.pk}/change/", data).status_code == 302
    photo.refresh_from_db()
    assert stored_files(media_in_tmp) == sorted(media_in_tmp / name for name in photo.stored_files())
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert stored_files(media_in_tmp) == []
