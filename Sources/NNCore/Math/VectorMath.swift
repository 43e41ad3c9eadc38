import CKernels

/// Reductions over Float32 vectors, in CKernels: each keeps sixteen partial sums, the only way
/// to vector code when floating-point sums are not reassociated.
enum VectorMath {
  static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
    nn_sum_of_squares(x, count)
  }

  /// The squared distance between two vectors.
  static func squaredDistance(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    nn_squared_distance(x, y, count)
  }

  static func allFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool {
    nn_all_finite(x, count)
  }

  /// The sum of each column of a row-major `rows × columns` matrix (rows ≥ 1) into `sums`:
  /// a bias's gradient, a batch's mean.
  static func columnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    nn_column_sums(x, rows, columns, sums)
  }

  /// to[i] += from[i] over `count` elements.
  static func add(_ from: UnsafePointer<Float>, into to: UnsafeMutablePointer<Float>, count: Int) {
    nn_add(from, to, count)
  }
}
