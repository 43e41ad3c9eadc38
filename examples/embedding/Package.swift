// swift-tools-version:6.0
import PackageDescription

// A Swift tool that embeds nnscript: `make test` builds and runs it.
let package = Package(
  name: "embedding",
  dependencies: [.package(name: "nnscript", path: "../..")],
  targets: [
    .executableTarget(name: "embedding", dependencies: [.product(name: "NNScript", package: "nnscript")])
  ]
)
