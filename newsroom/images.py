"""Checking, cleaning and resizing uploaded photos with Pillow.

check_image refuses what the paper does not take (other formats, a name that says another format, files over
20 MB, more than 50 megapixels counting every frame of an animation, more than 100 frames) with one sentence,
reading only the headers; clean_image decodes the picture (a truncated or corrupt file is refused there) and
re-encodes it with no metadata at all: no EXIF (GPS included), XMP, IPTC, comments or ICC profile (colours are
converted to sRGB first), turned upright; make_rendition makes the smaller copies the site shows, as bare.
Photos (articles.models.Photo) and page images (newsroom.page_files) are both checked here.
"""

import io

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_FRAMES = 100
# What an animation needs from its frames' info to play as before; everything else (comments, XMP …) is dropped.
ANIMATION_INFO = ("duration", "transparency", "disposal", "background", "loop", "blend")
UNREADABLE = "无法识别这个文件,请上传 JPEG、PNG、WebP 或 GIF 图片。"


class ImageRejected(ValueError):
    """An upload the paper does not take; the message is for the person who uploaded it."""


def check_image(fileobj, name=None):
    """Return (format, width, height, frames) or raise ImageRejected. Reads only the headers, decodes nothing."""
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
            # Counted before anything is decoded: an animation costs every frame's pixels (a 729-byte GIF of
            # 30 frames of 7000×7000 is 1.5 billion of them).
            frames = frame_count(image) if fmt in ALLOWED_FORMATS else 1
    except Image.DecompressionBombError:
        raise ImageRejected("图片像素太多,不能超过 5000 万像素。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(UNREADABLE) from None
    finally:
        fileobj.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ImageRejected(f"不接受 {fmt} 格式,请上传 JPEG、PNG、WebP 或 GIF 图片。")
    base = (name or "").rsplit("/", 1)[-1]
    extension = base.rpartition(".")[2].lower() if "." in base else None
    if extension is not None and EXTENSIONS.get(extension) != fmt:
        raise ImageRejected(f"文件扩展名 .{extension} 与内容({fmt} 图片)不符。")
    if frames > MAX_FRAMES:
        raise ImageRejected(f"动图帧数太多,不能超过 {MAX_FRAMES} 帧。")
    if width * height * frames > MAX_PIXELS:
        shape = f"{width}×{height}" + (f"×{frames} 帧" if frames > 1 else "")
        raise ImageRejected(f"图片像素太多({shape}),不能超过 5000 万像素。")
    return fmt, width, height, frames


def frame_count(image):
    """How many frames, counting no further than MAX_FRAMES + 1. A GIF says so only frame by frame, from each one's
    header: Pillow's n_frames reads them all (a 20 MB file of tiny frames has a million), this stops past the cap."""
    if image.format != "GIF":
        return getattr(image, "n_frames", 1)  # WebP and APNG declare it
    try:
        while image.tell() <= MAX_FRAMES:
            image._seek(image.tell() + 1, False)  # the header only, as n_frames does
    except EOFError:
        pass
    count = image.tell() + 1
    image.seek(0)
    return count


def bare(image):
    """The pixels only: sRGB, with none of the file's metadata left in `info` for a save to write back."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    image = image.copy() if image.info else image
    image.info = {}
    return image


def clean_image(fileobj, name=None):
    """The picture re-encoded with no metadata: (bytes, extension, width, height). Decodes it all, so a truncated
    or corrupt file is refused here (ImageRejected), before anything is stored."""
    fmt, *_ = check_image(fileobj, name)
    out = io.BytesIO()
    try:
        with Image.open(fileobj) as image:
            if fmt == "GIF" or getattr(image, "n_frames", 1) > 1:
                frames = []
                for frame in ImageSequence.Iterator(image):
                    kept = {key: frame.info[key] for key in ANIMATION_INFO if key in frame.info}
                    frame = frame.copy()
                    frame.info = kept
                    frames.append(frame)
                frames[0].save(
                    out,
                    format=fmt,
                    save_all=True,
                    append_images=frames[1:],
                    loop=image.info.get("loop", 0),
                    duration=[frame.info.get("duration", 100) for frame in frames],
                )
                width, height = image.size
            else:
                upright = bare(ImageOps.exif_transpose(image))
                if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                params = {"quality": 90, "optimize": True} if fmt == "JPEG" else {}
                if fmt == "WEBP":
                    params = {"quality": 90}
                upright.save(out, format=fmt, **params)
                width, height = upright.size
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise ImageRejected("图片文件不完整或已损坏,无法读取,请重新导出后上传。") from None
    finally:
        fileobj.seek(0)
    return out.getvalue(), ALLOWED_FORMATS[fmt], width, height


def make_rendition(fileobj, width, fmt):
    """A copy at most `width` pixels wide, as WEBP or JPEG bytes (first frame of an animation), with no metadata."""
    fileobj.seek(0)
    with Image.open(fileobj) as image:
        image.seek(0)
        made = rendition_of(image, width, fmt)
    fileobj.seek(0)
    return made


def rendition_of(image, width, fmt):
    """A decoded picture at most `width` pixels wide, as WEBP or JPEG bytes, no metadata: (bytes, (width, height))."""
    copy = image.convert("RGBA" if fmt == "WEBP" else "RGB") if image.mode not in ("RGB", "L") else image.copy()
    copy.info = {}
    if copy.width > width:
        copy.thumbnail((width, round(copy.height * width / copy.width)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format=fmt, quality=82)
    return out.getvalue(), copy.size
