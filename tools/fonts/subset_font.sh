#!/usr/bin/env bash
# Cuts Debian's DejaVu Sans (package fonts-dejavu-core) down to the glyphs Umuhanda's interface
# and content need: Basic Latin, Latin-1, Latin Extended-A, and the punctuation French uses
# (œ Œ Ÿ ’ ‘ “ ” « » … € – — and the narrow no-break space), plus a few symbols the UI draws
# (• → ← ↑ ↓ ✓ ✗). Writes assets/fonts/umuhanda-ui.ttf and copies the font's licence beside it.
# Re-run after changing the list; keep web/app/ui_font.cpp's glyph ranges in step.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source_font=${1:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
out=$repo/assets/fonts/umuhanda-ui.ttf
unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+2013-2014,U+2018-201E,U+2022,U+2026,U+202F,U+20AC,U+2190-2193,U+2713,U+2717"

[[ -f $source_font ]] || { echo "subset_font: $source_font not found (apt-get install fonts-dejavu-core)" >&2; exit 1; }
/usr/bin/python3 -c 'import fontTools' 2>/dev/null || { echo "subset_font: needs python3-fonttools" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
/usr/bin/python3 -m fontTools.subset "$source_font" --unicodes="$unicodes" --no-hinting --desubroutinize \
  --layout-features='kern,liga' --output-file="$out" 2>/dev/null
cp /usr/share/doc/fonts-dejavu-core/copyright "$repo/assets/fonts/LICENSE-DejaVu.txt"
echo "wrote $out ($(stat -c%s "$out") bytes) from $source_font"
