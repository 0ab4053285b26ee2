"""Where each item is printed on a page image: a rectangle or a polygon in coordinates from 0 to 1 (x from the left
edge, y from the top), so that a region fits every rendering of the page, and a new rendering of the same page.

Pure functions, tested without a database:
- parse_regions() reads the regions the admin's drawing script (static/newsroom/regions.js) sends, and refuses
  what it cannot store with one sentence;
- locate() finds an item's printed text (a headline) among the characters of a PDF's text layer, and propose()
  turns what was found into rectangles for the editor to confirm or fix.
"""

import json
import statistics
import unicodedata
from dataclasses import dataclass

RECT, POLYGON = "rect", "polygon"
MAX_REGIONS = 1000
MAX_POINTS = 60
MIN_SIDE = 0.002  # of the page's width or height: a region a finger can hit is far larger
DIGITS = 4  # 1/10,000 of the page: a fraction of a pixel of the large rendering


class RegionError(ValueError):
    """Regions that cannot be stored; the message is for the editor."""


@dataclass(frozen=True)
class Region:
    target: str  # "app_label.model:pk", as the admin names an item of the page
    shape: str  # RECT: two corners (top left, bottom right); POLYGON: 3 to MAX_POINTS corners
    points: tuple  # ((x, y), ...)

    def as_json(self):
        return {"target": self.target, "shape": self.shape, "points": [list(point) for point in self.points]}


def region_key(item):
    """How a region names its item: app_label.model:pk."""
    return f"{item._meta.app_label}.{item._meta.model_name}:{item.pk}"


def area(shape, points):
    if shape == RECT:
        (x0, y0), (x1, y1) = points
        return (x1 - x0) * (y1 - y0)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))) / 2


def parse_regions(text, targets):
    """[Region] from the script's JSON ([{"target", "shape", "points"}]); `targets` maps the keys of the page's items
    to their names. RegionError for anything else."""
    try:
        data = json.loads(text or "[]")
    except ValueError:
        raise RegionError("热区数据无法读取,请重新画一次。") from None
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise RegionError("热区数据无法读取,请重新画一次。")
    if len(data) > MAX_REGIONS:
        raise RegionError(f"一个版面最多 {MAX_REGIONS} 个热区。")
    regions, seen = [], set()
    for entry in data:
        target = entry.get("target")
        if not isinstance(target, str) or target not in targets:
            raise RegionError("有热区指向的稿件或声明不在本版上,请刷新页面后重画。")
        label = targets[target]
        if target in seen:
            raise RegionError(f"“{label}”画了两个热区,每一项只能有一个。")
        seen.add(target)
        regions.append(Region(target, *shape_of(entry.get("shape"), entry.get("points"), label)))
    return regions


def shape_of(shape, raw_points, label):
    """(shape, points) checked and rounded, or RegionError naming the item."""
    if shape not in (RECT, POLYGON) or not isinstance(raw_points, list):
        raise RegionError(f"“{label}”的热区形状无法读取,请重画。")
    points = []
    for point in raw_points:
        if (
            not isinstance(point, list | tuple)
            or len(point) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        ):
            raise RegionError(f"“{label}”的热区坐标无法读取,请重画。")
        x, y = point
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise RegionError(f"“{label}”的热区超出了版面。")
        points.append((round(x, DIGITS), round(y, DIGITS)))
    if shape == RECT:
        if len(points) != 2:
            raise RegionError(f"“{label}”的矩形热区要有两个角。")
        (x0, y0), (x1, y1) = points
        points = [(min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1))]
        if points[1][0] - points[0][0] < MIN_SIDE or points[1][1] - points[0][1] < MIN_SIDE:
            raise RegionError(f"“{label}”的热区太小,请画大一些。")
    else:
        if not 3 <= len(points) <= MAX_POINTS:
            raise RegionError(f"“{label}”的多边形热区要有 3 到 {MAX_POINTS} 个点。")
        if area(POLYGON, points) < MIN_SIDE * MIN_SIDE:
            raise RegionError(f"“{label}”的热区太小,请画大一些。")
    return shape, tuple(points)


# -- regions offered from a PDF's text layer ----------------------------------------------------------------------


def fold(char):
    """A character as compared: full-width forms and their ASCII alike ((  and (, Ａ and a), one character for one."""
    folded = unicodedata.normalize("NFKC", char)
    return folded.lower() if len(folded) == 1 else char


def locate(chars, needle):
    """Where `needle` is printed among `chars` ([(character, (left, bottom, right, top), font size)], no spaces), as
    (box, font size): the biggest print of it (a headline is larger than its mention in a story), else of its first
    eight characters (a headline printed a little differently); None when neither is there."""
    wanted = "".join(fold(char) for char in needle if not char.isspace())
    if not wanted:
        return None
    folded = "".join(fold(char) for char, _, _ in chars)
    for candidate in (wanted, wanted[:8]) if len(wanted) > 8 else (wanted,):
        best, start = None, folded.find(candidate)
        while start != -1:
            span = chars[start : start + len(candidate)]
            size = statistics.fmean(size for _, _, size in span)
            if best is None or size > best[1]:
                boxes = [box for _, box, _ in span]
                box = (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
                best = (box, size)
            start = folded.find(candidate, start + 1)
        if best:
            return best
    return None


def propose(width, height, found):
    """Rectangles for what locate() found on a page of width × height points: `found` is [(target, box, extent)].
    A "line" (a notice) is its own line; a "block" (a story, a table) runs from its headline down to the next headline
    below that overlaps it, or to the foot of the page, as wide as its headline and a little more. A guess for the
    editor to confirm or fix."""
    blocks = [(target, box) for target, box, extent in found if extent == "block"]
    regions = []
    for target, (left, bottom, right, top), extent in found:
        if extent == "line":
            x0, x1, y_top, y_bottom = left - 2, right + 2, top + 2, bottom - 2
        else:
            pad = max((right - left) * 0.05, 4)
            x0, x1 = left - pad, right + pad
            below = [
                other[3]
                for key, other in blocks
                if key != target and other[3] < bottom and other[0] < x1 and other[2] > x0
            ]
            y_top = top + 0.01 * height
            y_bottom = max(below) + 0.005 * height if below else 0.02 * height
        corners = [(x0 / width, 1 - y_top / height), (x1 / width, 1 - y_bottom / height)]
        points = tuple((round(min(max(x, 0), 1), DIGITS), round(min(max(y, 0), 1), DIGITS)) for x, y in corners)
        if points[1][0] - points[0][0] >= MIN_SIDE and points[1][1] - points[0][1] >= MIN_SIDE:
            regions.append(Region(target, RECT, points))
    return regions
