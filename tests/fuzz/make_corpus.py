#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ from the test fixtures and the default pack.

Run from the repository root after a fixture changes: python3 tests/fuzz/make_corpus.py
Seeds stay small (a pack slice, not the 700 KB default pack) so every run starts fast; the fuzzer
finds the rest. Inputs libFuzzer adds in a run go to build/fuzz/corpus/, not here.
"""
import hashlib
import io
import json
import os
import re
import shutil
import struct
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
PACK = os.path.join(ROOT, "assets", "packs", "umuhanda-default")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def pack_slice():
    """A small pack cut from the default one: one question per topic plus a sign choice question,
    the signs they show, two lessons, a blueprint sized to fit and one exam set."""
    full = json.loads(read(os.path.join(PACK, "pack.json")))
    questions, seen_topics = [], set()
    for q in full["questions"]:
        if q["topic"] not in seen_topics or (q.get("sign") and len(questions) < 8):
            seen_topics.add(q["topic"])
            questions.append(q)
    questions.append(next(q for q in full["questions"] if any(c.get("sign") for c in q["choices"])))
    lessons = full["lessons"][:2]
    sign_ids = {q.get("sign") for q in questions} | {c.get("sign") for q in questions for c in q["choices"]}
    sign_ids |= {m for l in lessons for body in l["body"].values() for m in re.findall(r"\[sign:([^\]]+)\]", body)}
    signs = [s for s in full["signs"] if s["id"] in sign_ids]
    topics = full["topics"]
    blueprint = dict(full["exam_blueprints"][0])
    blueprint.update(question_count=len(questions), pass_mark=len(questions) // 2,
                     quotas=[{"topic": t["id"], "count": 1} for t in topics])
    exam_set = dict(full["exam_sets"][0])
    exam_set["questions"] = [q["id"] for q in questions[:5]]
    pack = {k: full[k] for k in ("format", "id", "version", "title", "languages")}
    pack.update(topics=topics, questions=questions, signs=signs, lessons=lessons,
                exam_blueprints=[blueprint], exam_sets=[exam_set])
    return pack, full


def media_of(pack):
    paths = set()
    for s in pack["signs"]:
        paths.update(p for p in (s.get("image"), s.get("thumbnail")) if p)
    return sorted(paths)


def media_item(path):
    data = read(os.path.join(PACK, path))
    width, height = struct.unpack(">II", data[16:24])
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "mime": "image/png", "width": width,
            "height": height, "bytes": len(data)}


def zipped(files, prefix=""):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files:
            info = zipfile.ZipInfo(prefix + name, date_time=(1980, 1, 1, 0, 0, 0))
            compress = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compress_type=compress)
    return out.getvalue()


def png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    pack, full = pack_slice()

    # pack_json: the slice with its media list (valid), pretty and compact, the broken fixture, edge cases.
    listed = dict(pack, media=[media_item(p) for p in media_of(pack)])
    write("pack_json", "slice.json", json.dumps(listed, ensure_ascii=False, indent=2))
    write("pack_json", "slice-compact.json", json.dumps(listed, ensure_ascii=False, separators=(",", ":")))
    write("pack_json", "schema-broken.json", read(os.path.join(FIXTURES, "packs", "schema-broken", "pack.json")))
    minimal = {k: pack[k] for k in ("format", "id", "version", "title", "languages")}
    minimal.update(topics=pack["topics"][:1], questions=[pack["questions"][0]])
    write("pack_json", "minimal.json", json.dumps(minimal))
    write("pack_json", "empty-object.json", "{}")

    # pack_zip: the slice with its pictures (large ones only: a smaller zip), a minimal pack at the
    # root and in one folder, a zip without pack.json.
    for sign in pack["signs"]:
        sign.pop("thumbnail", None)
    files = [("pack.json", json.dumps(pack, indent=2).encode())] + [(p, read(os.path.join(PACK, p))) for p in media_of(pack)]
    write("pack_zip", "slice.zip", zipped(files))
    write("pack_zip", "minimal.zip", zipped([("pack.json", json.dumps(minimal).encode())]))
    write("pack_zip", "minimal-in-folder.zip", zipped([("pack.json", json.dumps(minimal).encode())], "my-pack/"))
    write("pack_zip", "no-pack-json.zip", zipped([("readme.txt", b"hello")]))

    # zip_archive: the same zips (stored and deflated entries), one with a comment, one all stored,
    # and raw DEFLATE streams for its decoder (stored, fixed and dynamic blocks).
    for name in ("slice.zip", "minimal.zip", "minimal-in-folder.zip", "no-pack-json.zip"):
        write("zip_archive", name, read(os.path.join(CORPUS, "pack_zip", name)))
    commented = bytearray(zipped([("pack.json", json.dumps(minimal).encode())]))
    comment = b"a zip comment"
    commented[-2:] = struct.pack("<H", len(comment))
    write("zip_archive", "comment.zip", bytes(commented) + comment)
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w") as z:
        for name, data in [("pack.json", json.dumps(minimal).encode()), ("media/a.png", png(4, 2))]:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_STORED)
    write("zip_archive", "stored.zip", stored.getvalue())
    text = json.dumps(minimal).encode() * 4
    for name, level, strategy in (("stored", 0, zlib.Z_DEFAULT_STRATEGY), ("fixed", 6, zlib.Z_FIXED), ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY)):
        encoder = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
        write("zip_archive", f"{name}.deflate", encoder.compress(text) + encoder.flush())

    # lesson_markup: every lesson body of the default pack, in each language, and the edge cases.
    for lesson in full["lessons"]:
        for language, body in lesson["body"].items():
            write("lesson_markup", f"{lesson['slug']}.{language}.txt", body)
    write("lesson_markup", "problems.txt", "#No space\n### Too deep\n**open bold\n[sign:w-bend-left] and [image:media/x.png]\n[sign:]\n- item\n\n## Sub\r\nend [image:open")

    # image_info: real pictures from the fixtures and the pack, and the headers of each kind.
    write("image_info", "stop.png", read(os.path.join(FIXTURES, "formats", "csv", "media", "signs", "stop.png")))
    write("image_info", "sign-128.png", read(os.path.join(PACK, media_of(pack)[0])))
    write("image_info", "tiny.png", png(2, 3))
    jpeg = b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\1\1\0\0\1\0\1\0\0" + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 48, 64, 1) + b"\1\x11\0" + b"\xff\xd9"
    write("image_info", "header.jpg", jpeg)
    vp8 = b"VP8 " + struct.pack("<I", 10) + b"\0\0\0\x9d\x01\x2a" + struct.pack("<HH", 64, 48)
    vp8l = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", (63) | (47 << 14))
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + (63).to_bytes(3, "little") + (47).to_bytes(3, "little")
    for name, chunk in (("vp8", vp8), ("vp8l", vp8l), ("vp8x", vp8x)):
        body = b"WEBP" + chunk + b"\0" * 8
        write("image_info", f"{name}.webp", b"RIFF" + struct.pack("<I", len(body)) + body)

    # The exchange formats: their fixtures.
    write("csv", "questions.csv", read(os.path.join(FIXTURES, "formats", "csv", "questions.csv")))
    write("gift", "questions.gift", read(os.path.join(FIXTURES, "formats", "gift", "questions.gift")))
    write("aiken", "questions.txt", read(os.path.join(FIXTURES, "formats", "aiken", "questions.txt")))
    write("django", "dumpdata.json", read(os.path.join(FIXTURES, "formats", "django", "dumpdata.json")))

    # rollback_body: the bodies the upload tests send, and numbers at the edges of an int.
    for name, body in (("version-1", '{"version": 1}'), ("largest-with-note", '{"version": 2147483647, "note": "last good upload"}'),
                       ("wraps-to-1", '{"version": 4294967297}'), ("version-string", '{"version": "1"}'),
                       ("array", "[1]"), ("no-version", '{"v": 1}')):
        write("rollback_body", name + ".json", body)

    # request_head: well-formed heads and one of each framing the server refuses (docs/api.md).
    heads = {
        "get": "GET /api/v1/packs HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br, gzip\r\nIf-None-Match: \"abc\"\r\n\r\n",
        "get-http10": "GET / HTTP/1.0\r\n\r\n",
        "leading-crlf": "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "upload": "POST /api/v1/packs HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer umh_x\r\nContent-Type: application/zip\r\n"
                  "Content-Length: 5\r\n\r\nPK\x03\x04x",
        "rollback": "POST /api/v1/packs/umuhanda-default/rollback HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    "Content-Length: 14\r\n\r\n{\"version\": 1}",
        "pipelined": "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n",
        "head-with-body": "HEAD / HTTP/1.1\r\nHost: a\r\nContent-Length: 30\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n",
        "duplicate-length": "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "length-list": "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
        "plus-length": "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
        "chunked": "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "length-and-chunked": "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "obs-fold": "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n",
        "space-in-name": "GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
        "no-host": "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
        "two-hosts": "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "bare-lf": "GET / HTTP/1.1\nHost: a\n\n",
        "bare-cr": "GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n",
        "http2": "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "partial": "POST /api/v1/packs HTTP/1.1\r\nHost: a\r\nContent-Le",
    }
    for name, text in heads.items():
        write("request_head", name + ".http", text.encode("latin-1"))


if __name__ == "__main__":
    main()
