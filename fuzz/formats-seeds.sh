#!/bin/sh
# Seeds the `formats` fuzz target with the real files of tests/fixtures/formats, one corpus
# folder per format: fuzz/corpus/formats-EXT. Run from the repository root, then e.g.
#   DOCENT_FUZZ_EXT=rtf cargo fuzz run formats fuzz/corpus/formats-rtf -- -max_total_time=300
set -eu
F=tests/fixtures/formats
for ext in pdf docx odt epub rtf eml mbox zip tar tar.gz; do
    d=fuzz/corpus/formats-$ext
    mkdir -p "$d"
    case $ext in
        tar) gzip -dc "$F/bundle.tar.gz" > "$d/bundle.tar" ;;
        tar.gz) cp "$F/bundle.tar.gz" "$d/" ;;
        zip) cp "$F/bundle.zip" "$d/" ;;
        *) for f in "$F"/*."$ext"; do cp "$f" "$d/"; done ;;
    esac
done
