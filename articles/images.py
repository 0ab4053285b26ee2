"""Checking, cleaning and resizing uploaded photos with Pillow.

check_image refuses what the paper does not take (other formats, files over
20 MB, images over 50 megapixels) with one sentence; clean_image re-encodes the
picture without its EXIF (GPS included), turned upright first; make_rendition
makes the smaller copies the site shows.
"""

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000


class ImageRejected(ValueError):
    """An upload the paper does not take; the message is for the person who uploaded it."""


def check_image(fileobj):
    """Return (format, width, height) or raise ImageRejected. Reads only the header."""
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
    if size > MAX_BYTES:
        raise ImageRejected(f"图片文件太大({size / 1024 / 1024:.1f} MB),不能超过 20 MB。")
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            fmt, (width, height) = image.format, image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise ImageRejected("图片像素太多,不能超过 5000 万像素。") from None
        raise ImageRejected("无法识别这个文件,请上传 JPEG、PNG、WebP 或 GIF 图片。") from None
    finally:
        fileobj.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ImageRejected(f"不接受 {fmt} 格式,请上传 JPEG、PNG、WebP 或 GIF 图片。")
    if width * height > MAX_PIXELS:
        raise ImageRejected(f"图片像素太多({width}×{height}),不能超过 5000 万像素。")
    return fmt, width, height


def clean_image(fileobj):
    """The picture re-encoded without EXIF or other metadata: (bytes, extension, width, height)."""
    fmt, _, _ = check_image(fileobj)
    with Image.open(fileobj) as image:
        out = io.BytesIO()
        if fmt == "GIF" or getattr(image, "n_frames", 1) > 1:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
            frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], loop=image.info.get("loop", 0))
            width, height = image.size
        else:
            upright = ImageOps.exif_transpose(image)
            if fmt == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            params = {"quality": 90, "optimize": True} if fmt == "JPEG" else {}
            if fmt == "WEBP":
                params = {"quality": 90}
            icc = image.info.get("icc_profile")
            if icc:
                params["icc_profile"] = icc
            upright.save(out, format=fmt, **params)
            width, height = upright.size
    fileobj.seek(0)
    return out.getvalue(), ALLOWED_FORMATS[fmt], width, height


def make_rendition(fileobj, width, fmt):
    """A copy at most `width` pixels wide, as WEBP or JPEG bytes (first frame of an animation)."""
    fileobj.seek(0)
    with Image.open(fileobj) as image:
        image.seek(0)
        copy = image.convert("RGBA" if fmt == "WEBP" else "RGB") if image.mode not in ("RGB", "L") else image.copy()
        if copy.width > width:
            copy.thumbnail((width, round(copy.height * width / copy.width)), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        copy.save(out, format=fmt, quality=82)
    fileobj.seek(0)
    return out.getvalue(), copy.size
