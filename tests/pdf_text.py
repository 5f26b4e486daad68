"""Just enough of PDF to read back the text Chromium printed (no PDF library is locked).

Chromium writes fonts as Type0/Identity-H with a ToUnicode map, uncompressed object
tables and Flate-compressed streams; text is shown with ``Tj``/``TJ`` on hex strings of
two-byte glyph codes. Good for "does this text appear", not for layout.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

OBJECT_START = re.compile(rb"(\d+) 0 obj")
STREAM_START = re.compile(rb"stream\r?\n")
TOKEN = re.compile(
    rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|(ET)", re.S
)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary, decoded stream). A stream is cut by its /Length, as
    compressed bytes may contain "endobj" or "endstream" themselves."""
    found = {}
    position = 0
    while match := OBJECT_START.search(data, position):
        start = match.end()
        stream = STREAM_START.search(data, start)
        end = data.find(b"endobj", start)
        content = None
        if stream and (end == -1 or stream.start() < end):
            head = data[start : stream.start()]
            length = re.search(rb"/Length\s+(\d+)(?!\s+0\s+R)", head)
            if length:
                body_end = stream.end() + int(length.group(1))
            else:
                body_end = data.find(b"endstream", stream.end())
            content = data[stream.end() : body_end]
            if b"FlateDecode" in head:
                try:
                    content = zlib.decompress(content)
                except zlib.error:
                    content = None
            end = data.find(b"endobj", body_end)
        else:
            head = data[start:end]
        found[int(match.group(1))] = (head, content)
        if end == -1:
            break
        position = end + len(b"endobj")
    return found


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            start = int.from_bytes(bytes.fromhex(dst.decode()), "big")
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _font_maps(objects: dict[int, tuple[bytes, bytes | None]]) -> dict[int, dict[int, str]]:
    """Font object number -> its ToUnicode map."""
    maps: dict[int, dict[int, str]] = {}
    for number, (head, _content) in objects.items():
        ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", head)
        if ref and int(ref.group(1)) in objects:
            maps[number] = _cmap(objects[int(ref.group(1))][1] or b"")
    return maps


def _font_names(head: bytes) -> dict[bytes, int]:
    names: dict[bytes, int] = {}
    for block in re.findall(rb"/Font\s*<<(.*?)>>", head, re.S):
        for name, ref in re.findall(rb"/([^\s/]+)\s+(\d+) 0 R", block):
            names[name] = int(ref)
    return names


def _lines(content: bytes, names: dict[bytes, int], maps: dict[int, dict[int, str]]) -> list[str]:
    """The text blocks (BT..ET) of one content stream."""
    lines: list[str] = []
    cmap: dict[int, str] = {}
    line = ""
    for font, array, single, end in TOKEN.findall(content):
        if font:
            cmap = maps.get(names.get(font, -1), {})
        hexes = [single] if single else re.findall(rb"<([0-9A-Fa-f]*)>", array)
        for h in hexes:
            raw = bytes.fromhex(h.decode())
            line += "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "")
                            for i in range(0, len(raw), 2))  # fmt: skip
        if end:
            lines.append(line)
            line = ""
    return lines


def pdf_text(data: bytes) -> str:
    objects = _objects(data)
    maps = _font_maps(objects)
    names: dict[bytes, int] = {}
    for head, _content in objects.values():
        names.update(_font_names(head))
    lines: list[str] = []
    for _head, content in objects.values():
        if content and (b"Tj" in content or b"TJ" in content):
            lines.extend(_lines(content, names, maps))
    return "\n".join(lines)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in page order (for "is this on every page")."""
    objects = _objects(data)
    maps = _font_maps(objects)
    tree = next(head for head, _ in objects.values() if re.search(rb"/Type\s*/Pages\b", head))
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", tree).group(1)
    pages = []
    for ref in re.findall(rb"(\d+) 0 R", kids):
        head = objects[int(ref)][0]
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head).group(1)
        streams = [objects[int(n)][1] or b"" for n in re.findall(rb"(\d+) 0 R", contents)]
        names = _font_names(head)
        pages.append("\n".join(line for s in streams for line in _lines(s, names, maps)))
    return pages


def squash(text: str) -> str:
    """Without whitespace and with ligatures spelt out ("ﬁ" -> "fi"): Chromium splits runs
    of one line anywhere and prints "fi" as one glyph."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
