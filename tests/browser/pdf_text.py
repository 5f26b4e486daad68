"""The text of each page of a PDF that Chromium printed, for tests that check what a
printout holds. Knows just enough PDF for Chromium's (Skia's) output: Type0 fonts with a
ToUnicode map and text shown as hex glyph strings (Tj/TJ), uncompressed or Flate streams.
Runs of one line may be split anywhere, so compare with whitespace removed (``squash``)."""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*")
_LENGTH = re.compile(rb"/Length (\d+)")
_TOKENS = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|(ET)")


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None)."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    position = 0
    while match := _OBJECT.search(data, position):
        start = match.end()
        stream_at = data.find(b"stream", start)
        end_at = data.find(b"endobj", start)
        if stream_at == -1 or stream_at > end_at:
            found[int(match.group(1))] = (data[start:end_at], None)
            position = end_at + 6
            continue
        header = data[start:stream_at]
        body_start = stream_at + 6 + (2 if data[stream_at + 6 : stream_at + 8] == b"\r\n" else 1)
        body_end = body_start + int(_LENGTH.search(header).group(1))
        body = data[body_start:body_end]
        found[int(match.group(1))] = (
            header,
            zlib.decompress(body) if b"/FlateDecode" in header else body,
        )
        position = data.find(b"endobj", body_end) + 6
    return found


def _unicode_map(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(int(first, 16) + offset)
    return mapping


def pdf_pages(data: bytes) -> list[str]:
    """One string per page, in page order; text blocks separated by newlines."""
    objects = _objects(data)
    maps = {}
    for number, (header, _) in objects.items():
        if b"/Type /Font" in header and (cmap := re.search(rb"/ToUnicode (\d+) 0 R", header)):
            maps[number] = _unicode_map(objects[int(cmap.group(1))][1] or b"")
    kids = next(re.search(rb"/Kids \[([^\]]*)\]", h).group(1)
                for h, _ in objects.values() if b"/Type /Pages" in h)  # fmt: skip
    pages = []
    for page in re.findall(rb"(\d+) 0 R", kids):
        header = objects[int(page)][0]
        fonts = dict(re.findall(rb"/(F\w*) (\d+) 0 R", header))
        contents = re.search(rb"/Contents (?:\[([^\]]*)\]|(\d+) 0 R)", header)
        refs = (
            re.findall(rb"(\d+) 0 R", contents.group(1))
            if contents.group(1)
            else [contents.group(2)]
        )
        text, mapping = [], {}
        for ref in refs:
            for font, glyphs, block_end in _TOKENS.findall(objects[int(ref)][1] or b""):
                if font:
                    mapping = maps.get(int(fonts.get(font, b"0")), {})
                elif block_end:
                    text.append("\n")
                else:
                    codes = glyphs.decode()
                    text.extend(mapping.get(int(codes[i : i + 4], 16), "")
                                for i in range(0, len(codes), 4))  # fmt: skip
        pages.append("".join(text))
    return pages


def squash(text: str) -> str:
    """Without whitespace, ligatures spelt out ("ﬁ" -> "fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
