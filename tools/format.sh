#!/usr/bin/env bash
# Formats C++ with the root .clang-format (clang-format 14), but only the files changed since the
# commit that added .clang-format (house style: never mass-reformat files you did not touch).
#   tools/format.sh            reformat those files in place
#   tools/format.sh --check    list the ones that are not formatted, and fail if any (tools/test.sh)
#   tools/format.sh [--check] FILE...   the named files instead
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# The commit that added .clang-format. Files untouched since then keep the formatting they were
# written with; any file changed after it must be formatted.
base=8ac05b701a3067ca978ca7e80d807d5608e61aea

check=0
if [[ ${1:-} == --check ]]; then
  check=1
  shift
fi
command -v clang-format > /dev/null || { echo "[format] clang-format not found: run tools/setup.sh" >&2; exit 1; }

files=()
if (($#)); then
  files=("$@")
else
  # A shallow clone may lack the base commit: then look for it by what it did.
  git cat-file -e "$base^{commit}" 2> /dev/null || base=$(git log --diff-filter=A --format=%H -- .clang-format | tail -n1)
  [[ -n $base ]] || { echo "[format] cannot find the commit that added .clang-format (a shallow clone?)" >&2; exit 1; }
  # Committed since the base, staged, unstaged and untracked: everything a change may hold.
  mapfile -t files < <({
    git diff --name-only --diff-filter=d "$base" --
    git ls-files --others --exclude-standard
  } | grep -E '\.(c|cc|cpp|h|hpp)$' | sort -u)
fi

unformatted=()
for file in "${files[@]}"; do
  [[ -f $file ]] || continue
  if ((check)); then
    clang-format --style=file:.clang-format --dry-run --Werror "$file" > /dev/null 2>&1 || unformatted+=("$file")
  else
    clang-format --style=file:.clang-format -i "$file"
  fi
done

if ((check)); then
  if ((${#unformatted[@]})); then
    echo "[format] not formatted (run tools/format.sh, or see the changes with: clang-format FILE | diff FILE -):"
    printf '  %s\n' "${unformatted[@]}"
    exit 1
  fi
  echo "[format] ${#files[@]} C++ files changed since .clang-format was added: all formatted"
else
  echo "[format] formatted ${#files[@]} C++ files changed since .clang-format was added"
fi
