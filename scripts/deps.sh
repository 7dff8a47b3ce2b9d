#!/usr/bin/env bash
# Installs the Debian packages the build, the program and the tests need, when any is missing.
# Sourced by scripts/browse and scripts/test; safe to run again (it installs nothing when all are there).
set -euo pipefail

AUDIOSET_PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev
  libprotobuf-dev protobuf-compiler zlib1g-dev libisal-dev libsqlite3-dev sqlite3 libpq-dev libeigen3-dev
  libsndfile1-dev libavformat-dev libavcodec-dev libfftw3-dev
  qt6-multimedia-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  sox libsox-fmt-mp3 ffmpeg pulseaudio
  xvfb xauth desktop-file-utils appstream
)

audioset_missing_packages() {
  local pkg missing=()
  for pkg in "${AUDIOSET_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[@]:-}"
}

audioset_install_deps() {
  local missing
  missing=$(audioset_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing missing Debian packages: $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
  else
    echo "These Debian packages are missing: $missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    echo "then run this command again." >&2
    exit 1
  fi
}

audioset_build() {
  local root="$1" preset="${2:-dev}"
  cmake --preset "$preset" -S "$root" >/dev/null
  cmake --build --preset "$preset"
}
