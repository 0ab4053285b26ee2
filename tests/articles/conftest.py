import io

import pytest
from PIL import Image


def image_bytes(fmt="JPEG", size=(64, 48), exif=None, mode="RGB"):
    out = io.BytesIO()
    params = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, "red" if mode != "1" else 1).save(out, format=fmt, **params)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
