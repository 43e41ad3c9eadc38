/// Reductions over Float32 vectors. Swift does not reassociate floating-point sums, so a plain
/// `s += x * x` loop stays scalar; explicit SIMD partial sums make it vector code.
enum VectorMath {
  static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var partial = SIMD16<Float>()
    var i = 0
    let raw = UnsafeRawPointer(x)
    while i + 16 <= count {
      let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
      partial += v * v
      i += 16
    }
    var sum = partial.sum()
    while i < count {
      sum += x[i] * x[i]
      i += 1
    }
    return sum
  }

  /// The squared distance between two vectors.
  static func squaredDistance(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var partial = SIMD16<Float>()
    var i = 0
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    while i + 16 <= count {
      let d =
        rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        - ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
      partial += d * d
      i += 16
    }
    var sum = partial.sum()
    while i < count {
      let d = x[i] - y[i]
      sum += d * d
      i += 1
    }
    return sum
  }

  static func allFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool {
    // x − x is 0 for finite x and NaN otherwise; summing keeps the loop branch-free.
    var partial = SIMD16<Float>()
    var i = 0
    let raw = UnsafeRawPointer(x)
    while i + 16 <= count {
      let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
      partial += v - v
      i += 16
    }
    var sum = partial.sum()
    while i < count {
      sum += x[i] - x[i]
      i += 1
    }
    return sum == 0
  }

  /// The sum of each column of a row-major `rows × columns` matrix (rows ≥ 1) into `sums`:
  /// a bias's gradient, a batch's mean.
  static func columnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(from: x, count: columns)
    for r in 1..<rows {
      let row = x + r * columns
      for j in 0..<columns { sums[j] += row[j] }
    }
  }
}
