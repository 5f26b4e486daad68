"""Just enough of PDF to read back the text Chromium printed (no PDF library is locked).

Chromium writes fonts as Type0/Identity-H with a ToUnicode map, uncompressed object
tables and Flate-compressed streams; text is shown with ``Tj``/``TJ`` on hex strings of
two-byte glyph codes. Good for "does this text appear", not for layout.
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
TOKEN = re.compile(
    rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|(ET)", re.S
)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    found = {}
    for match in OBJECT.finditer(data):
        body = match.group(2)
        stream = STREAM.search(body)
        content = None
        if stream:
            content = stream.group(1)
            if b"FlateDecode" in body[: stream.start()]:
                try:
                    content = zlib.decompress(content)
                except zlib.error:
                    content = None
        found[int(match.group(1))] = (body[: stream.start()] if stream else body, content)
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


def pdf_text(data: bytes) -> str:
    objects = _objects(data)
    maps: dict[int, dict[int, str]] = {}
    for number, (head, _content) in objects.items():
        ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", head)
        if ref and int(ref.group(1)) in objects:
            maps[number] = _cmap(objects[int(ref.group(1))][1] or b"")
    names: dict[bytes, int] = {}
    for head, _content in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", head, re.S):
            for name, ref in re.findall(rb"/([^\s/]+)\s+(\d+) 0 R", block):
                names[name] = int(ref)
    lines: list[str] = []
    for _head, content in objects.values():
        if not content or (b"Tj" not in content and b"TJ" not in content):
            continue
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
    return "\n".join(lines)
