/// What a BLAS library computes, checked against products accumulated in Float64 before the
/// process trusts it: an OpenBLAS given kernels that do not suit the CPU returns wrong numbers
/// rather than failing. The shapes cover the small-matrix paths, edges that are not a multiple of
/// any kernel's width, every transposition, accumulation into C, and a product large enough that
/// two threads share it.
enum BLASCheck {
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (3, 5, 7), (32, 100, 40), (33, 17, 65), (64, 10, 100), (96, 70, 66),
  ]

  /// Nil when every product is within Float32 rounding of the Float64 one; otherwise the first
  /// wrong one, described.
  static func problem(with library: BLASLibrary) -> String? {
    var random = SeededGenerator(seed: 0x0B1A5)
    let threadsBefore = library.threads
    defer { library.setThreads(threadsBefore) }
    for threads in [1, 2] {
      library.setThreads(threads)
      for shape in shapes {
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
          for beta: Float in [0, 1] {
            if let problem = check(
              library, shape, transposeA: transposeA, transposeB: transposeB, beta: beta, random: &random)
            {
              return "\(problem) with \(threads) thread\(threads == 1 ? "" : "s")"
            }
          }
        }
      }
    }
    return nil
  }

  private static func check(
    _ library: BLASLibrary, _ shape: (m: Int, n: Int, k: Int), transposeA: Bool, transposeB: Bool, beta: Float,
    random: inout SeededGenerator
  ) -> String? {
    let (m, n, k) = shape
    let a = (0..<m * k).map { _ in Float(random.nextUnit() * 2 - 1) }
    let b = (0..<k * n).map { _ in Float(random.nextUnit() * 2 - 1) }
    var c = (0..<m * n).map { _ in Float(random.nextUnit() * 2 - 1) }
    let start = c
    library.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, m: m, n: n, k: k, beta: beta)
    for i in 0..<m {
      for j in 0..<n {
        var exact = Double(beta) * Double(start[i * n + j])
        var magnitude = abs(exact)
        for p in 0..<k {
          let term = Double(a[transposeA ? p * m + i : i * k + p]) * Double(b[transposeB ? j * k + p : p * n + j])
          exact += term
          magnitude += abs(term)
        }
        // Float32 accumulation over k terms errs by at most about k·ε of their magnitudes.
        let bound = Double(k + 2) * Double(Float.ulpOfOne) * magnitude
        guard abs(Double(c[i * n + j]) - exact) <= bound else {
          let op = "\(transposeA ? "Aᵀ" : "A")·\(transposeB ? "Bᵀ" : "B")\(beta == 0 ? "" : " + C")"
          return "\(op) for m=\(m) n=\(n) k=\(k) gives \(c[i * n + j]) at (\(i), \(j)) where \(exact) is right"
        }
      }
    }
    return nil
  }
}

extension BLASLibrary {
  /// Nil when the library's products are right on this CPU; otherwise the first wrong one.
  public var wrongProduct: String? { BLASCheck.problem(with: self) }
}
