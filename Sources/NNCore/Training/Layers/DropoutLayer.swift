/// Inverted dropout: while training each value is zeroed with probability `rate` and the rest
/// are scaled by 1 / (1 − rate), so evaluation is the identity.
final class DropoutLayer: LayerKernel {
  let outputWidth: Int
  let rate: Float
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer
  /// 0 or 1 / (1 − rate) per value of the latest training batch.
  private var mask: BatchBuffer

  init(features: Int, rate: Float) {
    outputWidth = features
    self.rate = rate
    outputs = BatchBuffer(width: features)
    mask = BatchBuffer(width: features)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    mask.reserve(rows: rows)
  }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (n, y) = (rows * outputWidth, outputs.pointer)
    guard mode.training else {
      y.update(from: x, count: n)
      return
    }
    let (m, rate, scale) = (mask.pointer, rate, 1 / (1 - rate))
    // Two 24-bit uniforms from each 64-bit draw.
    var i = 0
    while i < n {
      let bits = random.next()
      m[i] = Float(bits >> 40) * 0x1p-24 >= rate ? scale : 0
      if i + 1 < n { m[i + 1] = Float((bits >> 16) & 0xFF_FFFF) * 0x1p-24 >= rate ? scale : 0 }
      i += 2
    }
    for i in 0..<n { y[i] = x[i] * m[i] }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    let m = mask.pointer
    for i in 0..<rows * outputWidth { dx[i] = g[i] * m[i] }
  }
}
