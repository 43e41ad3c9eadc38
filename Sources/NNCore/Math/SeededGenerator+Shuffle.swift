extension SeededGenerator {
  /// A uniform index in 0..<bound without modulo bias (Lemire's multiply-and-reject).
  mutating func index(below bound: Int) -> Int {
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }

  /// Shuffles `indices` in place (Fisher–Yates). Written out rather than the standard
  /// library's `shuffle(using:)`, whose draws may change between Swift releases: a seed must
  /// give the same run everywhere.
  mutating func shuffle(_ indices: UnsafeMutableBufferPointer<Int>) {
    var i = indices.count - 1
    while i > 0 {
      indices.swapAt(i, index(below: i + 1))
      i -= 1
    }
  }
}
