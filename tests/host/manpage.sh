#!/usr/bin/env bash
# kexec(8) against what was observed of kexec-tools: claims about its
# behaviour that turned out wrong must not come back.  One TAP line per
# check.
set -u
cd "$(dirname "$0")/../.." || exit 1
page=${KEXEC_MAN:-man/kexec.8} # another page to check, e.g. an old one

# One paragraph of the page as plain text, hyphen escapes removed.
text=$(sed -e 's/\\-/-/g' -e 's/^\.[A-Z]* *//' "$page" | tr '\n' ' ')

# kexec-tools 2.0.25's -S -l asks about the normal slot, as ours does.
if printf '%s' "$text" | grep -q 'itself asks about the crash slot'; then
	echo "not ok host.man-status-slot"
	echo "#   $page says 2.0.x -S -l asks about the crash slot (it asks about the normal one)"
elif ! printf '%s' "$text" | grep -q -- '-S -l asks about the normal slot, as kexec-tools 2.0.x does'; then
	echo "not ok host.man-status-slot"
	echo "#   $page no longer says what -S -l asks about"
else
	echo "ok host.man-status-slot"
fi
