// swift-tools-version:5.4
import PackageDescription

// libFuzzer targets for nnscript's readers, one executable each. `make fuzz` builds them with
// `-sanitize=fuzzer,address`; they live in their own package so that the main one never
// needs the fuzzer runtime. FuzzHarness.swift is the tests' own file (a link), so the tests
// replay the corpus through exactly these entry points.
let targets = ["check", "csv", "model", "checkpoint"]

let package = Package(
  name: "nnscript-fuzz",
  products: targets.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
  dependencies: [.package(name: "nnscript", path: "..")],
  targets: [
    .target(name: "FuzzHarness", dependencies: [.product(name: "NNScript", package: "nnscript")])
  ]
    // libFuzzer brings `main`: the entry file must not get one of its own. (Tools 5.4, because
    // later ones rename an executable's `main` so tests can link it, which libFuzzer's would not be.)
    + targets.map {
      .executableTarget(
        name: "fuzz-\($0)", dependencies: ["FuzzHarness"], swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
