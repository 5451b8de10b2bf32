"""How much text each page of a PDF from Chromium holds (no PDF library needed:
Chromium writes each page's content as one Flate stream, text shown with Tj/TJ)."""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def text_operators_per_page(pdf: bytes) -> list[int]:
    objects = {int(number): body for number, body in OBJECT.findall(pdf)}
    pages = next(b for b in objects.values() if re.search(rb"/Type\s*/Pages\b", b))
    kids = [
        int(n)
        for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[(.*?)\]", pages, re.S).group(1))
    ]
    counts = []
    for kid in kids:
        contents = re.search(rb"/Contents\s+(\d+) 0 R", objects[kid])
        stream = STREAM.search(objects[int(contents.group(1))]) if contents else None
        data = zlib.decompress(stream.group(1)) if stream else b""
        counts.append(len(re.findall(rb"T[jJ]\b", data)))
    return counts
