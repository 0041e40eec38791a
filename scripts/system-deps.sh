#!/usr/bin/env bash
# Debian packages infoprep needs outside Python: Pango (WeasyPrint), HarfBuzz subsetting
# (fast, small PDFs), open fonts that cover accented and CJK names and emoji, and for tests Chromium,
# poppler-utils and Perl's Text::vCard (an independent reader for the vCards infoprep writes). Installs what is missing when run as root; otherwise prints the command.
#   scripts/system-deps.sh          what `make run` needs
#   scripts/system-deps.sh --test   plus what `make test` needs
set -euo pipefail

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_font() { command -v fc-list >/dev/null && fc-list 2>/dev/null | grep -qi "$1"; }

have_lib 'libpango-1.0.so' || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so' || need+=(libharfbuzz-subset0)
have_font 'Noto Sans:' || need+=(fonts-noto-core)
have_font 'Noto Sans CJK' || need+=(fonts-noto-cjk)
have_font 'Noto Color Emoji' || need+=(fonts-noto-color-emoji)
have_font 'DejaVu Sans' || need+=(fonts-dejavu-core)
command -v fc-list >/dev/null || need+=(fontconfig)
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  # A vCard reader that shares no code with vobject, to read back the vCards infoprep writes
  perl -MText::vCard::Addressbook -e 1 2>/dev/null || need+=(libtext-vcard-perl)
fi

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "infoprep needs these Debian packages; install them with:" >&2
  echo "  sudo apt-get install -y ${need[*]}" >&2
  [ "${1:-}" = "--test" ] && exit 1
  exit 0
fi
