"""A printed page as files: the PDF (or a JPEG or PNG) an editor uploads, checked and rendered to the two images the
site shows, and the PDF kept for readers to download.

read_upload() refuses what it cannot take with one sentence (PageFileRejected) before anything is stored:
- a picture goes through the photos' checks (newsroom.images: format read from the content, an extension that must
  say the same, pixels counted from the headers before anything is decoded, metadata dropped);
- a PDF must start as one, end in .pdf, be at most 40 MB, open without a password and not be encrypted at all, and
  have a page of a sane size; only its first page's content is kept (PageFile.pages says how many there were, for the
  editor), drawn into a new document so that the file's metadata, scripts, actions, annotations, attachments and other
  pages are left behind.
  Every image inside the page is counted before the page is rendered (a 50,000 × 50,000 picture compressed to a few
  bytes would be decoded whole), and the rendering has a pixel cap whatever its MediaBox says.
The rendering is then made into the two sizes (SIZES) as WebP and JPEG, as the photos' renditions are.

pdf_text() reads the kept PDF's text layer with each character's box, for the automatic regions (newsroom.regions).
"""

import io
import math
import threading
from dataclasses import dataclass, field

from PIL import Image

from newsroom import images

MAX_PDF_BYTES = 40 * 1024 * 1024
# The two widths of the page image: the small one on the page view, the large one to read it (放大).
SIZES = {"small": 900, "large": 1800}
FORMATS = (("WEBP", "webp"), ("JPEG", "jpg"))
# A rendering never has more pixels than this, whatever the page's MediaBox (a 200-inch page would be 14,400 points).
MAX_RENDER_PIXELS = 8_000_000
MAX_SIDE_POINTS = 14_400  # 200 inches: the largest page PDF itself allows
MAX_ASPECT = 4  # a printed page is about 1:1.4; a strip 1:50 is no page and would render to a ribbon
MAX_TEXT_CHARS = 200_000  # a page's text layer read for the automatic regions
PICTURE_FORMATS = ("JPEG", "PNG")
# PDFium may not be used by two threads at once (pypdfium2's docs): a threaded server reads one PDF at a time.
PDFIUM = threading.Lock()

UNREADABLE_PDF = "无法读取这个 PDF(文件不完整或已损坏),请重新导出后上传。"
ENCRYPTED_PDF = "这个 PDF 已加密,请导出不加密、不设密码的版面 PDF 后上传。"
NOT_A_PAGE = "请上传版面的 PDF,或 JPEG、PNG 图片。"


class PageFileRejected(images.ImageRejected):
    """An upload the page cannot take; the message is for the editor who uploaded it."""


@dataclass
class PageFile:
    image: Image.Image  # the page, decoded, at most SIZES["large"] wide
    pdf: bytes | None = None  # the PDF to keep for download: its first page only
    pages: int = 1  # how many pages the upload had
    renditions: dict = field(
        default_factory=dict
    )  # {"small"|"large": {"webp": bytes, "jpg": bytes, "width", "height"}}


def is_pdf(head):
    """A PDF by its content: the header %PDF- within the first 1,024 bytes, where readers look for it."""
    return b"%PDF-" in head[:1024]


def read_upload(fileobj, name=None):
    """The upload checked and rendered (PageFile), or PageFileRejected with one sentence."""
    size = upload_size(fileobj)
    head = fileobj.read(1024)
    fileobj.seek(0)
    extension = extension_of(name)
    if is_pdf(head):
        if extension is not None and extension != "pdf":
            raise PageFileRejected(f"文件扩展名 .{extension} 与内容(PDF)不符。")
        if size > MAX_PDF_BYTES:
            raise PageFileRejected(f"PDF 文件太大({size / 1024 / 1024:.1f} MB),不能超过 40 MB。")
        data = fileobj.read()
        with PDFIUM:
            page_file = read_pdf(data)
        fileobj.seek(0)
    else:
        page_file = read_picture(fileobj, name)
    page_file.renditions = renditions_of(page_file.image)
    return page_file


def upload_size(fileobj):
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
    fileobj.seek(0)
    return size


def extension_of(name):
    base = (name or "").rsplit("/", 1)[-1]
    return base.rpartition(".")[2].lower() if "." in base else None


def read_picture(fileobj, name):
    """A JPEG or PNG page, through the photos' checks: decoded upright, with none of the file's metadata."""
    try:
        fmt, *_ = images.check_image(fileobj, name)
    except images.ImageRejected as exc:
        raise PageFileRejected(NOT_A_PAGE if str(exc) == images.UNREADABLE else str(exc)) from None
    if fmt not in PICTURE_FORMATS:
        raise PageFileRejected(f"版面不接受 {fmt} 图片。{NOT_A_PAGE}")
    data, *_ = images.clean_image(fileobj, name)
    image = Image.open(io.BytesIO(data))
    image.load()
    return PageFile(image=image)


def read_pdf(data):
    """The first page of a PDF rendered, and a new PDF of that page alone; PageFileRejected for what cannot be read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PageFileRejected(ENCRYPTED_PDF) from None
        raise PageFileRejected(UNREADABLE_PDF) from None
    try:
        # Encrypted with an owner password only, a PDF opens without one: it is refused all the same (it cannot be
        # rewritten as it is, and readers' viewers would enforce its restrictions).
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
            raise PageFileRejected(ENCRYPTED_PDF)
        pages = len(document)
        if pages < 1:
            raise PageFileRejected(UNREADABLE_PDF)
        page = document[0]
        width, height = page.get_size()
        check_page_size(width, height)
        check_pictures(page, pdfium_c)
        scale = render_scale(width, height)
        image = page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
        out, alone = io.BytesIO(), content_alone(document, page, pdfium)
        alone.save(out)
        alone.close()
    except pdfium.PdfiumError:
        raise PageFileRejected(UNREADABLE_PDF) from None
    finally:
        document.close()
    return PageFile(image=image, pdf=out.getvalue(), pages=pages)


def content_alone(document, page, pdfium):
    """A new one-page PDF of the page's content alone, as far as its crop box shows it: drawn as one form XObject, so
    that nothing of the page's dictionary comes along (its annotations and links, actions that run when it opens), nor
    anything of the document (metadata, scripts, attachments, forms, other pages). Its text stays, as text."""
    alone = pdfium.PdfDocument.new()
    content = document.page_as_xobject(0, alone)  # what the crop box shows, from (0, 0)
    kept = alone.new_page(*page.get_size())
    kept.set_rotation(page.get_rotation())
    kept.insert_obj(content.as_pageobject())
    kept.gen_content()
    return alone


def check_page_size(width, height):
    if not (width >= 1 and height >= 1):
        raise PageFileRejected(UNREADABLE_PDF)
    if max(width, height) > MAX_SIDE_POINTS or max(width, height) > MAX_ASPECT * min(width, height):
        mm = 25.4 / 72
        raise PageFileRejected(f"PDF 的页面尺寸 {width * mm:.0f}×{height * mm:.0f} 毫米不像报纸的版面。")


def check_pictures(page, pdfium_c):
    """Every picture on the page (in forms too) by the size its dictionary states, before anything is decoded."""
    total = 0
    for picture in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        width, height = picture.get_px_size()
        total += width * height
        if total > images.MAX_PIXELS:
            raise PageFileRejected("PDF 里的图片像素太多,合计不能超过 5000 万像素。")


def render_scale(width, height):
    """Points to pixels: the large width, or less where the pixel cap says so (a tall narrow page, a huge box)."""
    return min(SIZES["large"] / width, math.sqrt(MAX_RENDER_PIXELS / (width * height)))


def renditions_of(image):
    made = {}
    for size, width in SIZES.items():
        made[size] = {}
        for fmt, ext in FORMATS:
            data, (made[size]["width"], made[size]["height"]) = images.rendition_of(image, width, fmt)
            made[size][ext] = data
    return made


@dataclass
class PdfText:
    width: float  # points
    height: float
    chars: list  # [(character, (left, bottom, right, top) in points, font size)]


def pdf_text(data):
    """The text layer of a kept page PDF (its first page), with each character's box; empty when it has none."""
    with PDFIUM:
        return read_text(data)


def read_text(data):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        # Characters are placed in the page's own space; the image shows its crop box, from (left, bottom).
        left, bottom, *_ = page.get_cropbox()
        textpage = page.get_textpage()
        chars = []
        for index in range(min(textpage.count_chars(), MAX_TEXT_CHARS)):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index) or 32)
            if char.isspace() or not char.isprintable():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(index)
            box = (x0 - left, y0 - bottom, x1 - left, y1 - bottom)
            chars.append((char, box, pdfium_c.FPDFText_GetFontSize(textpage, index)))
        return PdfText(width, height, chars)
    finally:
        document.close()
