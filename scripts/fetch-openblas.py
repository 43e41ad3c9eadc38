#!/usr/bin/env python3
"""Fetches the current OpenBLAS that PyPI's scipy-openblas32 wheel ships into DIR (.build/blas).

nnscript loads it at run time in place of Debian's OpenBLAS 0.3.21, which does not know newer
CPUs (Sources/NNCore/Math/BLAS/BLASChoice.swift). Only the standard library is used, so a machine
needs no pip; the wheel is checked against the SHA-256 that PyPI publishes for it. Without the
network it says so and exits 0: nnscript then computes with Debian's OpenBLAS.

usage: fetch-openblas.py DIR
"""

import hashlib
import io
import json
import os
import platform
import sys
import urllib.parse
import urllib.request
import zipfile

PACKAGE = "scipy-openblas32"
VERSION = "0.3.34.481.3"
LIBRARY = "libscipy_openblas.so"


def wheel(files):
    """The manylinux wheel for this machine's architecture, from the release's file list."""
    machine = platform.machine()
    for file in files:
        name = file["filename"]
        if "manylinux" in name and name.endswith(f"{machine}.whl"):
            return file
    return None


def main(folder):
    target = os.path.join(folder, LIBRARY)
    stamp = os.path.join(folder, "version")
    if os.path.exists(target) and os.path.exists(stamp) and open(stamp).read().strip() == VERSION:
        return
    try:
        index = f"https://pypi.org/pypi/{PACKAGE}/json"
        with urllib.request.urlopen(index, timeout=30) as answer:
            files = json.load(answer)["releases"].get(VERSION, [])
        file = wheel(files)
        if file is None:
            print(f"fetch-openblas: {PACKAGE} {VERSION} has no wheel for {platform.machine()}; "
                  "nnscript uses Debian's OpenBLAS")
            return
        # A mirror may give the file's address relative to the index's.
        with urllib.request.urlopen(urllib.parse.urljoin(index, file["url"]), timeout=120) as answer:
            data = answer.read()
    except (OSError, ValueError, KeyError) as error:
        print(f"fetch-openblas: {error}; nnscript uses Debian's OpenBLAS")
        return
    if hashlib.sha256(data).hexdigest() != file["digests"]["sha256"]:
        sys.exit(f"fetch-openblas: {file['filename']} does not match the SHA-256 PyPI publishes")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        library = archive.read(f"scipy_openblas32/lib/{LIBRARY}")
    os.makedirs(folder, exist_ok=True)
    # Written whole and renamed, so that a build never loads half a library.
    partial = target + ".partial"
    with open(partial, "wb") as out:
        out.write(library)
    os.replace(partial, target)
    with open(stamp, "w") as out:
        out.write(VERSION + "\n")
    print(f"fetched OpenBLAS from {PACKAGE} {VERSION} into {folder}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
