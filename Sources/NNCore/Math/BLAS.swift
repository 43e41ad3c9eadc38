import CBLAS

/// Matrix products through OpenBLAS, on row-major Float32 matrices.
enum BLAS {
  /// C (m×n) = op(A) · op(B) + beta·C, where op(A) is m×k and op(B) is k×n. `lda` and `ldb`
  /// are the row lengths of A and B as stored.
  @inline(__always)
  static func gemm(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c,
      Int32(n))
  }

  /// Sets OpenBLAS's thread count, one setting for the whole process.
  static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
