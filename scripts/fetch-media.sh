#!/usr/bin/env bash
# Fetches the real media Inbetween trains, tests and benchmarks on, from Debian packages.
# Packages are downloaded (apt-get download) and unpacked (dpkg -x), never installed.
#
#   scripts/fetch-media.sh [videos|textures|all]   (default: videos)
#
# Result, under data/media (git-ignored; nothing here is committed):
#   data/media/videos/<name>     the video clips, with flat names (see docs/media.md for licences)
#   data/media/textures/<name>   photos used as textures by the synthetic motion generator
set -euo pipefail
what="${1:-videos}"
root="$(cd "$(dirname "$0")/.." && pwd)"
media="${INBETWEEN_MEDIA_DIR:-$root/data/media}"
debs="$media/.debs"
mkdir -p "$debs" "$media/videos" "$media/textures"

video_pkgs=(python3-mecavideo kphotoalbum gem-doc planetblupi-common)
texture_pkgs=(mate-backgrounds python3-skimage)
case "$what" in
  videos) pkgs=("${video_pkgs[@]}") ;;
  textures) pkgs=("${texture_pkgs[@]}") ;;
  all) pkgs=("${video_pkgs[@]}" "${texture_pkgs[@]}") ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) echo "fetch-media: unknown set '$what' (use videos, textures or all)" >&2; exit 2 ;;
esac

fetch() { # download a package once and unpack it into $debs/<pkg>
  local pkg="$1"
  if [ -f "$debs/$pkg/.done" ]; then return; fi
  echo "fetch-media: downloading $pkg"
  (cd "$debs" && { apt-get download "$pkg" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get download "$pkg" >/dev/null; }; })
  rm -rf "${debs:?}/$pkg" && mkdir -p "$debs/$pkg"
  dpkg -x "$debs/${pkg}"_*.deb "$debs/$pkg"
  rm -f "$debs/${pkg}"_*.deb
  touch "$debs/$pkg/.done"
}

link() { # link a file from an unpacked package under a flat name
  local src="$1" dst="$2"
  [ -f "$src" ] || { echo "fetch-media: expected file missing: $src" >&2; exit 1; }
  ln -sf "$src" "$dst"
}

for p in "${pkgs[@]}"; do fetch "$p"; done

if [[ " ${pkgs[*]} " == *" python3-mecavideo "* ]]; then
  d="$debs/python3-mecavideo/usr/share/pymecavideo/data/video"
  for f in Force_constante.avi Principe_inertie.avi Effet_force_magnetique.ogv g1.avi g2.avi balle-jbart.mp4 balle1-vp9.avi; do
    link "$d/$f" "$media/videos/mecavideo-$f"
  done
  link "$debs/kphotoalbum/usr/share/kphotoalbum/demo/movie.avi" "$media/videos/kphotoalbum-movie.avi"
  for f in anim-1.mov homer.avi alea.mpg; do link "$debs/gem-doc/usr/share/gem/examples/data/$f" "$media/videos/gem-$f"; done
  for f in "$debs"/planetblupi-common/usr/share/planetblupi/movie/*.mkv; do link "$f" "$media/videos/planetblupi-$(basename "$f")"; done
fi
if [[ " ${pkgs[*]} " == *" mate-backgrounds "* ]]; then
  find "$debs/mate-backgrounds/usr/share/backgrounds" -name '*.jpg' | while read -r f; do link "$f" "$media/textures/mate-$(basename "$f")"; done
  find "$debs/python3-skimage" -path '*skimage/data/*' \( -name '*.png' -o -name '*.jpg' \) -size +40k | while read -r f; do link "$f" "$media/textures/skimage-$(basename "$f")"; done
fi
echo "fetch-media: $(ls "$media/videos" | wc -l) videos, $(ls "$media/textures" | wc -l) textures in $media"
