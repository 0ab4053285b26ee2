"""The sample edition the project keeps in its own tree (a copy of the seed text)."""

from pathlib import Path

SAMPLE_PATH = Path(__file__).resolve().parents[1] / "newsroom" / "sample" / "zhuzhou-daily-2020-04-28.txt"


def sample_text():
    return SAMPLE_PATH.read_text(encoding="utf-8")
