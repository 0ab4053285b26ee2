"""Hostile uploads: bombs, polyglots, truncated files, oversize files and wrong extensions are each a form error,
quickly and in little memory, with nothing left on disk; what is stored carries no metadata at all."""

import io
import resource
import struct
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from articles.models import Photo
from newsroom.images import ImageRejected, check_image, clean_image
from tests.articles.conftest import image_bytes
from tests.articles.test_photos import add_photo, exif_with_gps, stored_files

SECRET = "SECRET-METADATA-5f1c"


def gif_bomb(width, height, frames):
    """A tiny GIF whose header announces `frames` frames of width × height, each with almost no data."""
    out = io.BytesIO()
    out.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff")
    for _ in range(frames):
        out.write(b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0))
        out.write(b"\x02\x02\x4c\x01\x00")  # LZW minimum code size 2, one sub-block: clear code, end code
    out.write(b"\x3b")
    return out.getvalue()


def animated_gif(frames, size=(16, 16)):
    images = [Image.new("RGB", size, (i * 2 % 256, 0, 255)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=50, loop=0)
    return out.getvalue()


def truncated(fmt):
    data = image_bytes(fmt, size=(640, 480)) if fmt != "JPEG" else noisy_jpeg()
    return data[: len(data) * 2 // 3]


def noisy_jpeg():
    out = io.BytesIO()
    Image.effect_noise((640, 480), 64).convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue()


def oversize_jpeg():
    return image_bytes("JPEG") + b"\x00" * (25 * 1024 * 1024)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

HOSTILE = [
    ("bomb-frames.gif", lambda: gif_bomb(1000, 1000, 200), "不能超过"),
    ("bomb-canvas.gif", lambda: gif_bomb(7000, 7000, 30), "不能超过"),
    ("many-frames.gif", lambda: animated_gif(101), "不能超过 100 帧"),
    ("600k-frames.gif", lambda: gif_bomb(2, 2, 600_000), "不能超过 100 帧"),  # 9 MB of frame headers
    ("bomb.png", lambda: image_bytes("PNG", size=(8000, 7000), mode="1"), "不能超过 5000 万像素"),
    ("cut.jpg", lambda: truncated("JPEG"), "不完整或已损坏"),
    # Django's image field refuses these itself (请上传一张有效的图片 …) before the model's check.
    ("cut.png", lambda: truncated("PNG"), "图片"),
    ("svg.jpg", lambda: SVG, "图片"),
    ("page.jpg", lambda: HTML, "图片"),
    ("big.jpg", oversize_jpeg, "不能超过 20 MB"),
    ("photo.png", lambda: image_bytes("JPEG"), "与内容(JPEG 图片)不符"),
    ("photo.gif", lambda: image_bytes("PNG"), "与内容(PNG 图片)不符"),
]


@pytest.fixture
def article(make_article):
    return make_article("迎五一 着盛装", kind="photo")


@pytest.mark.django_db
@pytest.mark.parametrize("name, make, message", HOSTILE, ids=[name for name, *_ in HOSTILE])
def test_a_hostile_upload_is_a_quick_form_error_and_leaves_nothing(
    admin_client, article, media_in_tmp, name, make, message
):
    upload = SimpleUploadedFile(name, make())
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.monotonic()
    response = add_photo(admin_client, article, upload)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 200 * 1024
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []


def test_frames_are_counted_from_the_headers_before_anything_is_decoded():
    with pytest.raises(ImageRejected, match="7000×7000×30 帧"):
        check_image(io.BytesIO(gif_bomb(7000, 7000, 30)))
    assert check_image(io.BytesIO(animated_gif(3)), "a.gif") == ("GIF", 16, 16, 3)


def test_a_polyglot_is_stored_as_pixels_only():
    # A real JPEG with a page glued to its end: re-encoding keeps the picture and drops the rest.
    data, ext, *_ = clean_image(io.BytesIO(image_bytes("JPEG") + HTML), "a.jpg")
    assert ext == "jpg" and b"<script" not in data


def test_an_animation_keeps_its_frames_and_timing():
    data, ext, width, height = clean_image(io.BytesIO(animated_gif(4)), "a.gif")
    image = Image.open(io.BytesIO(data))
    assert (ext, width, height, image.n_frames, image.info["duration"]) == ("gif", 16, 16, 4, 50)


# What a file may carry besides its pixels, by format, read from its structure.


def jpeg_metadata(data):
    found, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        if 0xE1 <= marker <= 0xEF or marker == 0xFE:  # APP1 EXIF/XMP, APP2 ICC, APP13 IPTC …, COM
            found.append(hex(marker))
        pos += 2 + length
    return found


def png_metadata(data):
    found, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME"):
            found.append(kind.decode())
        pos += 12 + length
    return found


def webp_metadata(data):
    found, pos = [], 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        if kind in (b"EXIF", b"XMP ", b"ICCP"):
            found.append(kind.decode())
        pos += 8 + length + (length & 1)
    return found


def gif_metadata(data):
    found, pos = [], 13
    flags = data[10]
    if flags & 0x80:
        pos += 3 * 2 ** ((flags & 7) + 1)
    while pos < len(data) and data[pos] != 0x3B:
        if data[pos] == 0x21:
            label, pos = data[pos + 1], pos + 2
            block = b""
            while data[pos]:
                block += data[pos + 1 : pos + 1 + data[pos]]
                pos += 1 + data[pos]
            pos += 1
            if label == 0xFE or (label == 0xFF and not block.startswith(b"NETSCAPE2.0")):
                found.append(f"extension {label:#x}")
        else:  # an image: its descriptor, local colour table, then its data sub-blocks
            flags = data[pos + 9]
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            while data[pos]:
                pos += 1 + data[pos]
            pos += 1
    return found


READERS = {"JPEG": jpeg_metadata, "PNG": png_metadata, "WEBP": webp_metadata, "GIF": gif_metadata}


def metadata(data):
    fmt = Image.open(io.BytesIO(data)).format
    return READERS[fmt](data) + ([SECRET] if SECRET.encode() in data else [])


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def xmp():
    return f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET}</rdf:Description></x:xmpmeta>'.encode()


def rich(fmt):
    """An upload carrying every kind of metadata its format can."""
    image = Image.new("RGB", (1400, 900), "red")
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", exif=exif_with_gps(), comment=SECRET, icc_profile=srgb_profile(), xmp=xmp())
    elif fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SECRET)
        info.add_itxt("XML:com.adobe.xmp", xmp().decode())
        image.save(out, "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=srgb_profile())
    elif fmt == "WEBP":
        image.save(out, "WEBP", exif=exif_with_gps(), icc_profile=srgb_profile(), xmp=xmp())
    else:
        frames = [image.convert("P"), Image.new("RGB", (1400, 900), "blue").convert("P")]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=SECRET, duration=100)
    data = out.getvalue()
    assert metadata(data), fmt  # the upload does carry it
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")])
def test_no_stored_file_or_rendition_carries_any_metadata(admin_client, article, media_in_tmp, fmt, name):
    response = add_photo(admin_client, article, SimpleUploadedFile(name, rich(fmt)))
    assert response.status_code == 302
    files = stored_files(media_in_tmp)
    assert len(files) == 5  # the original and four renditions
    for path in files:
        assert metadata(path.read_bytes()) == [], path.name


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_file_is_refused_when_cleaned_whoever_saves_it(fmt):
    with pytest.raises(ImageRejected, match="不完整或已损坏"):
        clean_image(io.BytesIO(truncated(fmt)))
