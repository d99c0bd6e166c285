#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from real content: the pages of the tests'
# fixtures and of ../shared/corpora (copied, never changed), into fuzz/seeds/<target>/.
# The content targets read two settings bytes before the page (see src/fuzzing.rs): each
# page is seeded with a few of them. `cargo fuzz cmin` then keeps what reaches new code.
set -euo pipefail
cd "$(dirname "$0")"
out=seeds
rm -rf "$out"
mkdir -p "$out"/{front_matter,markdown_links,markup,position_map,check_page}
sources=(../tests/fixtures)
[ -d ../../shared/corpora ] && sources+=(../../shared/corpora)
# Flags byte: linkify, html off, attrs, footnote, deflist, container, code shortcode, levels.
flags=(00 01 3c 7d 02 80)
n=0
while IFS= read -r -d '' file; do
  n=$((n + 1))
  case "$file" in
    *.md | *.markdown) ext=0 ;;
    *.njk) ext=1 ;;
    *.html) ext=2 ;;
    *.liquid) ext=3 ;;
  esac
  # Kind byte: version (2 bits), anchor profile (3 bits), language (2 bits).
  kind=$(printf '%02x' $(( (n % 3) | ((n % 6) << 2) | (ext << 5) )))
  flag=${flags[$((n % ${#flags[@]}))]}
  cp "$file" "$out/front_matter/$n"
  for target in markdown_links markup position_map check_page; do
    { printf "\\x$flag\\x$kind"; cat "$file"; } > "$out/$target/$n"
  done
done < <(find "${sources[@]}" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.njk' \
  -o -name '*.html' -o -name '*.liquid' \) -size -64k -print0 | sort -z)
echo "$n files seeded into $out/"
