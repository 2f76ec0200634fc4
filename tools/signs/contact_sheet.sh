#!/usr/bin/env bash
# Build a contact sheet (one PNG) of every road-sign image of the Umuhanda default pack, in
# catalogue order, each 128-px thumbnail with its code and id printed under it.
#
#   tools/signs/contact_sheet.sh [OUTPUT.png]      (default: build/signs-contact-sheet.png)
#
# Relative output paths are taken from the repository root.  Needs rsvg-convert (librsvg2-bin),
# base64 (coreutils) and /usr/bin/python3.  Run tools/signs/generate_signs.py first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PACK="$ROOT/assets/packs/umuhanda-default"
JSON="$ROOT/assets/sources/umuhanda-default/fragments/signs.json"
OUT="${1:-build/signs-contact-sheet.png}"
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac

command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found (apt-get install -y librsvg2-bin)" >&2; exit 1; }
[ -f "$JSON" ] || { echo "missing $JSON: run tools/signs/generate_signs.py first" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

COLS=8; CW=190; CH=176; TOP=40
# one line per sign: code id thumbnail-path
/usr/bin/python3 -c '
import json, sys
for s in json.load(open(sys.argv[1], encoding="utf-8")):
    print(s["code"], s["id"], s["thumbnail"])
' "$JSON" > "$TMP/list"
N=$(wc -l < "$TMP/list")
ROWS=$(( (N + COLS - 1) / COLS ))
W=$(( COLS * CW )); H=$(( TOP + ROWS * CH + 10 ))

{
  printf '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%d" height="%d" viewBox="0 0 %d %d">\n' "$W" "$H" "$W" "$H"
  printf '<rect width="100%%" height="100%%" fill="#FFFFFF"/>\n'
  printf '<text x="10" y="26" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="18" fill="#222">Umuhanda default pack: %d road signs</text>\n' "$N"
  i=0
  while read -r code id thumb; do
    col=$(( i % COLS )); row=$(( i / COLS ))
    x=$(( col * CW )); y=$(( TOP + row * CH ))
    printf '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#DDDDDD"/>\n' $((x + 2)) $((y + 2)) $((CW - 4)) $((CH - 4))
    printf '<image x="%d" y="%d" width="128" height="128" xlink:href="data:image/png;base64,%s"/>\n' \
      $(( x + (CW - 128) / 2 )) $(( y + 8 )) "$(base64 -w0 "$PACK/$thumb")"
    printf '<text x="%d" y="%d" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="11" fill="#222"><tspan font-weight="bold">%s</tspan> %s</text>\n' \
      $(( x + CW / 2 )) $(( y + 156 )) "$code" "$id"
    i=$(( i + 1 ))
  done < "$TMP/list"
  printf '</svg>\n'
} > "$TMP/sheet.svg"

rsvg-convert "$TMP/sheet.svg" -o "$OUT"
echo "wrote $OUT ($N signs)"
