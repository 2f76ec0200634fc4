#!/usr/bin/env bash
# Installs everything Umuhanda needs on a Debian 12 machine, once: Debian packages, the ImGui and
# SDL2 sources (from Debian source packages), SDL2 built for WebAssembly, and the browser-test npm
# packages. Idempotent: a second run with everything present downloads nothing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${UMUHANDA_CACHE_DIR:-$HOME/.cache/umuhanda}
imgui_version=1.86
sdl2_version=2.26.5
start=$(date +%s)

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# [SECTION] Debian packages
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates xz-utils
  emscripten
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev brotli
  nlohmann-json3-dev libsqlite3-dev sqlite3 libsodium-dev libcli11-dev libgtest-dev libzip-dev librsvg2-bin pngquant
  chromium nginx wrk fonts-dejavu-core python3-fonttools python3-jsonschema
  libstb-dev ccache clang libclang-rt-14-dev libutf8proc-dev clang-format
  cracklib-runtime libhowardhinnant-date-dev tzdata libcurl4-openssl-dev python3-aiosmtpd libqrencode-dev
)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] && sudo="" || sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "Debian packages: all ${#packages[@]} present"
fi

# [SECTION] ImGui and SDL2 sources from Debian source packages
# A private apt state folder with deb-src entries, so the system's apt configuration is untouched.
mkdir -p "$cache"
imgui_dir=$cache/imgui-$imgui_version
sdl2_src=$cache/SDL2-$sdl2_version
if [[ ! -f $imgui_dir/imgui.cpp || ! -f $sdl2_src/CMakeLists.txt ]]; then
  apt_dir=$cache/apt
  mkdir -p "$apt_dir/sources.d" "$apt_dir/lists/partial" "$apt_dir/download"
  sources=/etc/apt/sources.list.d/debian.sources
  [[ -f $sources ]] || die "$sources not found: this script expects Debian 12's deb822 apt sources"
  sed 's/^Types: deb$/Types: deb-src/' "$sources" > "$apt_dir/sources.d/src.sources"
  apt_opts=(-o APT::Sandbox::User=root -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/sources.d"
            -o "Dir::State::Lists=$apt_dir/lists")
  say "fetching Debian source packages imgui and libsdl2"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$apt_dir/download" && apt-get "${apt_opts[@]}" source --download-only -qq imgui libsdl2)
  imgui_tar=$(ls "$apt_dir/download"/imgui_"$imgui_version"*.orig.tar.* 2>/dev/null | head -n1)
  sdl2_tar=$(ls "$apt_dir/download"/libsdl2_"$sdl2_version"*.orig.tar.* 2>/dev/null | head -n1)
  [[ -n $imgui_tar ]] || die "no imgui $imgui_version source in $apt_dir/download (Debian shipped: $(ls "$apt_dir/download" | tr '\n' ' '))"
  [[ -n $sdl2_tar ]] || die "no libsdl2 $sdl2_version source in $apt_dir/download (Debian shipped: $(ls "$apt_dir/download" | tr '\n' ' '))"
  rm -rf "$imgui_dir" "$sdl2_src"
  mkdir -p "$imgui_dir" "$sdl2_src"
  tar -xf "$imgui_tar" -C "$imgui_dir" --strip-components=1
  tar -xf "$sdl2_tar" -C "$sdl2_src" --strip-components=1
  [[ -f $imgui_dir/imgui.cpp ]] || die "unpacked $imgui_tar but found no imgui.cpp in $imgui_dir"
  [[ -f $sdl2_src/CMakeLists.txt ]] || die "unpacked $sdl2_tar but found no CMakeLists.txt in $sdl2_src"
else
  say "ImGui $imgui_version and SDL2 $sdl2_version sources: present"
fi

# [SECTION] SDL2 for WebAssembly, built once per machine
# Debian's Emscripten runs on the machine's Node.js, which does not search Debian's node modules.
export NODE_PATH=/usr/share/nodejs
sdl2_wasm=$cache/sdl2-$sdl2_version-wasm
if [[ ! -f $sdl2_wasm/lib/libSDL2.a ]]; then
  say "building SDL2 $sdl2_version for WebAssembly (several minutes, once per machine)"
  build=$cache/build-sdl2-$sdl2_version
  rm -rf "$build"
  emcmake cmake -S "$sdl2_src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$sdl2_wasm" > "$build.log" 2>&1 \
    || { tail -n 30 "$build.log"; die "configuring SDL2 for WebAssembly failed (log: $build.log)"; }
  cmake --build "$build" -j "$(nproc)" >> "$build.log" 2>&1 \
    || { tail -n 30 "$build.log"; die "building SDL2 for WebAssembly failed (log: $build.log)"; }
  cmake --install "$build" >> "$build.log" 2>&1 || die "installing SDL2 into $sdl2_wasm failed (log: $build.log)"
  rm -rf "$build"
else
  say "SDL2 $sdl2_version for WebAssembly: present"
fi

# The web build reads these paths; one file so CMake never guesses.
deps_file=$cache/web-deps.cmake
deps_text="set(UMUHANDA_IMGUI_DIR \"$imgui_dir\")
set(UMUHANDA_SDL2_WASM_DIR \"$sdl2_wasm\")
"
[[ -f $deps_file && $(cat "$deps_file") == "$(printf '%s' "$deps_text")" ]] || printf '%s' "$deps_text" > "$deps_file"

# [SECTION] Browser-test npm packages, from the committed package-lock.json
e2e=$repo/tests/e2e
lock_sum=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
stamp=$e2e/node_modules/.umuhanda-lock-sha256
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_sum" ]]; then
  say "installing browser-test npm packages (npm ci)"
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
else
  say "browser-test npm packages: present"
fi

say "done in $(( $(date +%s) - start )) s"
