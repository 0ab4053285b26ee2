"""A page image made from a page's own items, for a demo (manage.py demo_page_image, run by `make run` for the sample
edition): the items laid out in columns as a simple newspaper page with Pillow, written as a one-page PDF with their
text as an invisible layer at the same places (so 从 PDF 文字找位置 works on it in the admin), and each item's region
where it was laid out.

The PDF is written by hand (write_pdf: a picture and text, nothing else), its text in Adobe's standard Chinese font
STSong-Light, which PDF readers supply themselves: nothing is embedded.
"""

import glob
import io
import os
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

PAGE_POINTS = (842, 1191)  # A3 portrait, near a broadsheet's proportions
SCALE = 2  # pixels a point in the page's picture
MARGIN, GUTTER, COLUMNS, MASTHEAD = 36, 12, 4, 92
TITLE_SIZE, LEAD_TITLE_SIZE, BODY_SIZE = 15, 19, 8.5
INK, PAPER, ACCENT, RULE, MUTED = (26, 26, 26), (255, 253, 248), (179, 18, 27), (160, 154, 140), (107, 102, 92)

# Noto CJK (Debian's fonts-noto-cjk), face 2 of each collection being Simplified Chinese; then any CJK font there is.
FONTS = {
    "bold": [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ],
    "regular": [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ],
}
OTHER_CJK_FONTS = [
    "/usr/share/fonts/**/*CJK*.tt[cf]",
    "/usr/share/fonts/**/wqy-*.tt[cf]",
    "/usr/share/fonts/**/*Hei*.tt[cf]",
]
NO_FONT = (
    "没有找到中文字体(Debian: apt-get install fonts-noto-cjk),版面图上的汉字会画成方框;"
    "装好字体后运行 manage.py demo_page_image --replace 重画。"
)


# -- a PDF of a picture and invisible text -------------------------------------------------------------------------


@dataclass
class PdfText:
    text: str
    x: float  # points from the left
    baseline: float  # points from the bottom
    size: float
    width: float  # as drawn in the picture: the text is stretched to it


@dataclass
class PdfPage:
    size: tuple  # points
    jpeg: bytes | None = None  # the picture filling the page
    pixels: tuple = (0, 0)  # its size
    texts: list = field(default_factory=list)


def pdf_string(text):
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def write_pdf(pages):
    """A PDF of these pages: each a picture and its text as an invisible layer (text render mode 3)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    kids = []
    for page in pages:
        width, height = page.size
        content = []
        resources = b"/Font << /F1 3 0 R >>"
        if page.jpeg:
            image_number = len(objects) + 1
            objects.append(
                stream(
                    page.jpeg,
                    b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                    b"/Filter /DCTDecode" % page.pixels,
                )
            )
            resources += b" /XObject << /Im0 %d 0 R >>" % image_number
            content.append(b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (number(width), number(height)))
        for text in page.texts:
            stretch = 100 * text.width / (len(text.text) * text.size) if text.text else 100
            content.append(
                b"BT 3 Tr /F1 %s Tf %s Tz 1 0 0 1 %s %s Tm %s Tj ET"
                % (number(text.size), number(stretch), number(text.x), number(text.baseline), pdf_string(text.text))
            )
        content_number = len(objects) + 1
        objects.append(stream(zlib.compress(b"\n".join(content)), b"/Filter /FlateDecode"))
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << %s >> /Contents %d 0 R >>"
            % (number(width), number(height), resources, content_number)
        )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def stream(data, dictionary=b""):
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def number(value):
    return (b"%.2f" % value).rstrip(b"0").rstrip(b".")


# -- the layout --------------------------------------------------------------------------------------------------


@dataclass
class Item:
    key: str  # how a region names the item (newsroom.regions.region_key)
    title: str  # its printed headline (region_text)
    body: str  # its text
    extent: str  # "block" or "line" (Publishable.region_extent)
    group: str = ""  # a "line" item's column header: the desk's name


@dataclass
class Layout:
    picture: Image.Image
    texts: list  # [PdfText]
    regions: dict  # key -> (x0, y0, x1, y1), 0 to 1 from the top left
    missing_font: bool


class Fonts:
    def __init__(self):
        self.paths = {style: find_font(style) for style in FONTS}
        self.missing = not all(self.paths.values())
        self.loaded = {}

    def get(self, style, size):
        key = (style, size)
        if key not in self.loaded:
            found = self.paths[style]
            if found:
                self.loaded[key] = ImageFont.truetype(found[0], round(size * SCALE), index=found[1])
            else:
                self.loaded[key] = ImageFont.load_default(round(size * SCALE))
        return self.loaded[key]


def find_font(style):
    """(path, face) of a font with Chinese, or None."""
    for path in FONTS[style]:
        if os.path.exists(path):
            return path, 2
    for pattern in OTHER_CJK_FONTS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            try:
                ImageFont.truetype(path, 10)
            except OSError:
                continue
            return path, 0
    return None


def wrap(text, font, width):
    """Lines of `text` (Chinese breaks anywhere) no wider than `width` pixels, measured a character at a time."""
    lines, widths = [], {}
    for paragraph in text.splitlines():
        line, used = "", 0
        for char in paragraph:
            if char not in widths:
                widths[char] = font.getlength(char)
            if line and used + widths[char] > width:
                lines.append(line)
                line, used = "", 0
            line += char
            used += widths[char]
        if line:
            lines.append(line)
    return lines


def lay_out(items, masthead, dateline, pagename):
    """The items in columns, as long as their text lets them, cut so that the page holds them all."""
    fonts = Fonts()
    width, height = PAGE_POINTS
    column = (width - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
    top, bottom = MARGIN + MASTHEAD, height - MARGIN
    units = units_of(items, fonts, column)
    for body_lines in range(30, 0, -1):
        placed = flow(units, body_lines, column, top, bottom)
        if placed is not None:
            break
    else:
        placed = flow(units, 1, column, top, bottom, squeeze=True)

    picture = Image.new("RGB", (width * SCALE, height * SCALE), PAPER)
    draw = ImageDraw.Draw(picture)
    texts = []

    def text(x, baseline, words, style, size, fill=INK):
        font = fonts.get(style, size)
        draw.text((x * SCALE, baseline * SCALE), words, font=font, fill=fill, anchor="ls")
        texts.append(PdfText(words, x, height - baseline, size, font.getlength(words) / SCALE))

    text(MARGIN, MARGIN + 40, masthead, "bold", 38, ACCENT)
    right = f"{dateline}  {pagename}"
    size = 11
    text(width - MARGIN - fonts.get("regular", size).getlength(right) / SCALE, MARGIN + 40, right, "regular", size)
    for y, thickness in ((MARGIN + 56, 2), (MARGIN + 60, 0.6)):
        draw.line(
            [(MARGIN * SCALE, y * SCALE), ((width - MARGIN) * SCALE, y * SCALE)],
            fill=INK,
            width=round(thickness * SCALE),
        )
    for n in range(1, COLUMNS):
        x = MARGIN + n * (column + GUTTER) - GUTTER / 2
        draw.line([(x * SCALE, top * SCALE), (x * SCALE, bottom * SCALE)], fill=RULE, width=1)

    regions = {}
    for unit, x, y, lines in placed:
        y_start = y
        for words, style, size, leading, color in lines:
            y += leading
            text(x, y - (leading - size) / 2 - size * 0.12, words, style, size, color)
        if unit.picture:
            box = [(x * SCALE, (y + 4) * SCALE), ((x + column) * SCALE, (y + unit.picture) * SCALE)]
            draw.rectangle(box, fill=(226, 221, 208))
            draw.text(
                ((x + column / 2) * SCALE, (y + 4 + unit.picture / 2) * SCALE),
                "图",
                font=fonts.get("regular", 24),
                fill=MUTED,
                anchor="mm",
            )
            y += unit.picture
        y += 4
        if unit.key:
            regions[unit.key] = (x / width, (y_start - 2) / height, (x + column) / width, min(y, bottom) / height)
        if unit.rule:
            draw.line([(x * SCALE, (y + 3) * SCALE), ((x + column) * SCALE, (y + 3) * SCALE)], fill=RULE, width=1)
    return Layout(picture, texts, regions, fonts.missing)


@dataclass
class Unit:
    key: str  # "" for a column header
    title: list  # [(words, style, size, leading, color)]
    body: list
    rule: bool  # a rule under it
    picture: float = 0  # the height of a picture's place under the title (a story with no text: a photo story)


def units_of(items, fonts, column):
    units, group = [], None
    for n, item in enumerate(items):
        if item.extent == "line":
            if item.group != group:
                units.append(Unit("", lines_of(item.group, fonts, "bold", TITLE_SIZE, column, ACCENT), [], False))
            group = item.group
            units.append(Unit(item.key, [], lines_of(item.title, fonts, "regular", BODY_SIZE, column), False))
            continue
        group = None
        size = LEAD_TITLE_SIZE if n == 0 else TITLE_SIZE
        title = lines_of(item.title, fonts, "bold", size, column)
        body = lines_of(item.body, fonts, "regular", BODY_SIZE, column, MUTED)
        units.append(Unit(item.key, title, body, True, 0 if body else column * 0.62))
    return units


def lines_of(text, fonts, style, size, column, color=INK):
    leading = size * (1.35 if style == "bold" else 1.55)
    return [(line, style, size, leading, color) for line in wrap(text, fonts.get(style, size), column * SCALE)]


def flow(units, body_lines, column, top, bottom, squeeze=False):
    """[(unit, x, y, lines)] down the columns, each story's text cut to `body_lines`; None if they do not fit."""
    placed, n, y = [], 0, top
    for unit in units:
        body = unit.body if not unit.title else unit.body[:body_lines]
        if unit.title and len(unit.body) > body_lines and body:
            words, *rest = body[-1]
            body = [*body[:-1], (words[:-2] + "……", *rest)]
        lines = unit.title + body
        needed = sum(line[3] for line in lines) + unit.picture + 4 + (8 if unit.rule else 2)
        if y + needed > bottom and y > top:
            n, y = n + 1, top
        if n >= COLUMNS:
            if not squeeze:
                return None
            break
        placed.append((unit, MARGIN + n * (column + GUTTER), y, lines))
        y += needed
    return placed


def demo_of(page, items, masthead):
    """A demo page image for `page` from its `items` (Publishable, in printed order): (PageFile as read by
    newsroom.page_files, [each item's region: ((x0, y0), (x1, y1)) from 0 to 1], whether a Chinese font was missing)."""
    from newsroom import page_files
    from newsroom.dates import chinese_date
    from newsroom.regions import region_key

    layout = lay_out(
        [
            Item(
                region_key(item),
                item.region_text(),
                item.search_text() if item.region_extent == "block" else "",
                item.region_extent,
                str(item._meta.verbose_name),
            )
            for item in items
        ],
        masthead,
        chinese_date(page.edition.date),
        f"{page.code}版 {page.name}".strip(),
    )
    page_file = page_files.read_upload(io.BytesIO(page_pdf(layout)), "demo.pdf")
    rects = [layout.regions[region_key(item)] for item in items]
    return page_file, [((x0, y0), (x1, y1)) for x0, y0, x1, y1 in rects], layout.missing_font


def page_pdf(layout):
    """The laid-out page as a one-page PDF: its picture, and its text where the picture shows it."""
    out = io.BytesIO()
    layout.picture.save(out, format="JPEG", quality=88)
    return write_pdf([PdfPage(PAGE_POINTS, out.getvalue(), layout.picture.size, layout.texts)])
