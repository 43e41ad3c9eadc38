/// The mean of each channel over every position of a sequence or an image.
final class GlobalAveragePoolingLayer: LayerKernel {
  let positions: Int
  let channels: Int
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer

  init(positions: Int, channels: Int) {
    self.positions = positions
    self.channels = channels
    outputs = BatchBuffer(width: channels)
  }

  var outputWidth: Int { channels }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (c, scale) = (channels, 1 / Float(positions))
    for r in 0..<rows {
      let (sample, yr) = (x + r * positions * c, outputs.pointer + r * c)
      yr.update(from: sample, count: c)
      for p in 1..<positions {
        let xp = sample + p * c
        for j in 0..<c { yr[j] += xp[j] }
      }
      for j in 0..<c { yr[j] *= scale }
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    let (c, scale) = (channels, 1 / Float(positions))
    for r in 0..<rows {
      let (gr, sample) = (g + r * c, dx + r * positions * c)
      for p in 0..<positions {
        let dp = sample + p * c
        for j in 0..<c { dp[j] = gr[j] * scale }
      }
    }
  }
}
