"""PDFs and page images for the tests: written here (newsroom.demo_page.write_pdf), hostile ones included."""

import hashlib
import io
import struct

from PIL import Image

from newsroom import page_files
from newsroom.demo_page import PdfPage, PdfText, write_pdf
from newsroom.regions import RECT, Region, region_key

A4 = (595, 842)


def jpeg(size=(119, 168), color=(240, 236, 226)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def png(size=(60, 85)):
    out = io.BytesIO()
    Image.new("RGB", size, (250, 250, 240)).save(out, format="PNG")
    return out.getvalue()


def pdf(pages=1, size=A4, texts=(), info=b""):
    """A PDF of `pages` pages of `size` points, each a small picture; `texts` (PdfText) on the first one. `info`: a
    document information dictionary to add (what the kept PDF must not carry)."""
    picture = jpeg()
    made = write_pdf([PdfPage(size, picture, (119, 168), list(texts) if n == 0 else []) for n in range(pages)])
    if info:
        made = made.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Info << %s >> >>" % info)
    return made


def headline(text, x, top, size=20, height=A4[1]):
    """A line of text at `x` points from the left, its top `top` points from the page's top."""
    return PdfText(text, x, height - top - size, size, len(text) * size)


# The standard security handler, revision 2 (RC4, 40 bits), as PDF 1.7 section 7.6.3 describes it.
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted(data, user_password_known=True):
    """`data` with an /Encrypt dictionary: with an empty user password that opens it (an owner password only, the
    restrictions kind), or with a user password the upload does not have."""
    file_id = b"\x22" * 16
    owner = rc4(hashlib.md5(b"owner" + PAD[:27], usedforsecurity=False).digest()[:5], PAD)
    permissions = struct.pack("<i", -44)
    key = hashlib.md5(PAD + owner + permissions + file_id, usedforsecurity=False).digest()[:5]
    user = rc4(key, PAD) if user_password_known else b"\x11" * 32
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >> /ID [<%s> <%s>]" % (
        owner.hex().encode(),
        user.hex().encode(),
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    return data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + encrypt + b" >>")


def give_image(page, regions=None, upload=None, name="page.png"):
    """Give `page` an image (a small PNG unless `upload`) and regions {item: ((x0, y0), (x1, y1))}: its files."""
    page.set_files(page_files.read_upload(io.BytesIO(upload or png()), name))
    page.set_regions([Region(region_key(item), RECT, corners) for item, corners in (regions or {}).items()])
    return page.stored_files()
