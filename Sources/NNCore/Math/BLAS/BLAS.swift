/// Matrix products, on row-major Float32 matrices, through the BLAS library this process chose
/// (`BLASLibrary.inUse`).
enum BLAS {
  /// The chosen library's sgemm, read once: the training step calls it several times a step.
  private static let sgemm = BLASLibrary.inUse.sgemm

  /// C (m×n) = op(A) · op(B) + beta·C, where op(A) is m×k and op(B) is k×n. `lda` and `ldb`
  /// are the row lengths of A and B as stored.
  @inline(__always)
  static func gemm(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
  ) {
    BLASLibrary.gemm(sgemm, a, transposeA: transposeA, b, transposeB: transposeB, into: c, m: m, n: n, k: k, beta: beta)
  }

  /// Sets the library's thread count, one setting for the whole process.
  static func setThreads(_ count: Int) { BLASLibrary.inUse.setThreads(count) }
}
