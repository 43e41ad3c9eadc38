import Foundation
import NNCore

// The sgemm rate of every BLAS library on the machine, one thread: the one nnscript computes
// with (BLASChoice), Debian's OpenBLAS, the current OpenBLAS `make setup` fetches, and Debian's
// BLIS where `make bench` could install it. Shares of "the limit" are against the fastest of
// those whose products BLASCheck finds right.

/// Debian's BLIS builds, threaded by pthreads or OpenMP.
let blisPaths = [
  "/usr/lib/x86_64-linux-gnu/blis-pthread/libblis.so.4", "/usr/lib/x86_64-linux-gnu/blis-openmp/libblis.so.4",
]

struct BLASCandidate {
  let library: BLASLibrary
  /// Nil when its products are right here; otherwise the first wrong one.
  let wrongProduct: String?
  var label: String { "\(library.name) \(library.kernels)" }
}

/// The libraries there are to measure, the one in use first.
func blasCandidates() -> [BLASCandidate] {
  let inUse = BLASLibrary.inUse
  var libraries = [inUse]
  if inUse.path != nil { libraries.append(.system) }
  let fetched = BLASChoice.fetchedLibraryPath(from: Bundle.main.executablePath ?? CommandLine.arguments[0])
  for path in [fetched].compactMap({ $0 }) + blisPaths.filter({ FileManager.default.fileExists(atPath: $0) })
  where path != inUse.path {
    do { libraries.append(try BLASLibrary.load(path: path)) } catch { print("sgemm: \(error)") }
  }
  return libraries.map { BLASCandidate(library: $0, wrongProduct: $0.wrongProduct) }
}

struct SGEMMFigures {
  /// GFLOP/s of the products of one step of the workload, in its shapes.
  let workload: Double
  /// GFLOP/s of a 1024×1024×1024 product.
  let cube: Double
}

/// Single-thread sgemm of `library`: the best GFLOP/s of `runs` repetitions of `products`, after
/// one warm-up repetition (the limit, taken as the training rates are).
func sgemmRate(
  _ products: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)], runs: Int, on library: BLASLibrary
) -> Double {
  let size = products.map { max($0.m * $0.k, $0.k * $0.n, $0.m * $0.n) }.max()!
  var random = SeededGenerator(seed: dataSeed)
  let a = (0..<size).map { _ in Float(random.nextUnit() - 0.5) }
  let b = (0..<size).map { _ in Float(random.nextUnit() - 0.5) }
  var c = [Float](repeating: 0, count: size)
  let flops = Double(products.reduce(0) { $0 + 2 * $1.m * $1.n * $1.k })
  library.setThreads(1)
  let clock = ContinuousClock()
  var rates: [Double] = []
  c.withUnsafeMutableBufferPointer { c in
    for run in 0...runs {
      let elapsed = clock.measure {
        for p in products {
          library.gemm(
            a, transposeA: p.transposeA, b, transposeB: p.transposeB, into: c.baseAddress!, m: p.m, n: p.n, k: p.k)
        }
      }
      if run > 0 { rates.append(flops / (milliseconds(elapsed) / 1000) / 1e9) }
    }
  }
  return Samples(rates).best
}

/// Each candidate's rate in the workload's step shapes and at 1024³.
func measureSGEMM(_ workload: TrainingWorkload, on candidates: [BLASCandidate]) -> [SGEMMFigures] {
  candidates.map { candidate in
    SGEMMFigures(
      workload: sgemmRate(workload.stepProducts, runs: 15, on: candidate.library),
      cube: sgemmRate(
        [(m: 1024, n: 1024, k: 1024, transposeA: false, transposeB: false)], runs: 10, on: candidate.library))
  }
}

/// Prints each candidate's rates; returns those of the fastest correct one in the workload's shapes.
func printSGEMM(
  _ candidates: [BLASCandidate], _ figures: [SGEMMFigures], workload: TrainingWorkload, peer: Double?
) -> SGEMMFigures {
  let correct = candidates.indices.filter { candidates[$0].wrongProduct == nil }
  let best = correct.max { figures[$0].workload < figures[$1].workload } ?? 0
  print("\nsgemm, one thread, GFLOP/s: in the shapes of a \(workload.label) step, and 1024×1024×1024")
  for (index, candidate) in candidates.enumerated() {
    let role = [index == 0 ? "in use" : nil, index == best ? "best correct" : nil].compactMap { $0 }
    print(
      "  "
        + candidate.label.padding(toLength: 32, withPad: " ", startingAt: 0)
        + String(format: "%8.1f %8.1f", figures[index].workload, figures[index].cube)
        + (role.isEmpty ? "" : "   " + role.joined(separator: ", "))
        + (candidate.wrongProduct.map { "   WRONG: \($0)" } ?? ""))
  }
  if let peer { print(String(format: "  PyTorch's own (MKL), 1024³: %.1f", peer)) }
  if candidates[0].wrongProduct == nil, figures[0].workload < 0.95 * figures[best].workload {
    print("  the library in use is not the fastest: NNSCRIPT_BLAS=\(candidates[best].library.path ?? "system") is")
  }
  return figures[best]
}
