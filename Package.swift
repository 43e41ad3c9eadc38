// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "nnscript",
  products: [
    .library(name: "NNScript", targets: ["NNScript"]),
    .executable(name: "nnscript", targets: ["nnscript"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // OpenBLAS, for matrix products (Debian's libopenblas-dev).
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // Compiles a target's data files into it (Plugins/EmbedFiles), with the tool it runs.
    .executableTarget(name: "embed-files"),
    .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["embed-files"]),
    // The training core's element-wise loops, compiled for AVX-512, AVX2 and baseline x86-64 and
    // chosen by the CPU the program runs on, so that a build runs anywhere and is still fast on
    // a recent CPU. They neither reassociate nor fuse floating-point operations, as Swift does
    // not, so the numbers are the same bit for bit.
    .target(name: "CKernels"),
    // The training core and datasets: knows nothing of the language. The bundled datasets are
    // compiled in, so that a copied binary still has them.
    .target(
      name: "NNCore", dependencies: ["CBLAS", "CKernels"], exclude: ["Data/Bundled"], plugins: ["EmbedFiles"]),
    // libedit, for the interactive loop's line editing (Debian's libedit-dev).
    .systemLibrary(
      name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    // The language and everything a host embeds. Never touches the terminal, never exits.
    .target(
      name: "NNScript", dependencies: ["NNCore"],
      // The prelude and the Ray bridge are compiled in, so that a copied binary still has them.
      exclude: ["Stdlib/prelude.nns", "Search/ray_trials.py"], plugins: ["EmbedFiles"]),
    // The command-line tool: file, -e, check and the interactive loop.
    .executableTarget(
      name: "nnscript",
      dependencies: [
        "NNScript",
        "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Timings for `make bench`, run against a release build.
    .executableTarget(
      name: "nnscript-bench", dependencies: ["NNScript", "NNCore"], path: "Benchmarks",
      exclude: ["pytorch_bench.py"]),
    .testTarget(name: "NNCoreTests", dependencies: ["NNCore"], exclude: ["Reference"]),
    .testTarget(name: "NNScriptTests", dependencies: ["NNScript", "nnscript"]),
  ]
)
