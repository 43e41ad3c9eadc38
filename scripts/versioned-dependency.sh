#!/bin/sh
# Builds and runs a host package that depends on nnscript as a package from elsewhere does: by URL
# with a version requirement, `.package(url: …, from: "0.1.0")`, here against a clone of this
# repository's HEAD commit tagged 0.1.0. SwiftPM refuses such a dependency when a library target
# has unsafe build flags; the host is examples/embedding's program. `make test` runs it.
set -eu

if ! command -v git >/dev/null 2>&1; then
  echo "versioned-dependency: skipped, git is not installed"
  exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/nnscript-host.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The clone's folder gives the package its identity, `nnscript`, as the URL of a published
# repository does. No tags come along: 0.1.0 is the only version there is.
git clone -q --no-tags --no-checkout "$root" "$work/nnscript"
git -C "$work/nnscript" -c advice.detachedHead=false checkout -q "$commit"
git -C "$work/nnscript" tag 0.1.0

mkdir -p "$work/host/Sources/host"
cp "$root/examples/embedding/Sources/embedding/main.swift" "$work/host/Sources/host/main.swift"
cat >"$work/host/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "host",
  dependencies: [.package(url: "file://$work/nnscript", from: "0.1.0")],
  targets: [.executableTarget(name: "host", dependencies: [.product(name: "NNScript", package: "nnscript")])]
)
EOF

echo "versioned-dependency: building a host of nnscript $commit tagged 0.1.0"
if ! ${SWIFT:-swift} build --package-path "$work/host" >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 1
fi
"$work/host/.build/debug/host"
