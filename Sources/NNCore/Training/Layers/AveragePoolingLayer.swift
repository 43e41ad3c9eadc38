/// The mean of each channel in each window.
final class AveragePoolingLayer: LayerKernel {
  let window: SlidingWindow
  let outputWidth: Int
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer
  /// `window.windowStarts()`: each output position's `area` kernel positions.
  private let starts: [Int]
  private let area: Int

  init(window: SlidingWindow) {
    self.window = window
    outputWidth = window.outputPositions * window.channels
    outputs = BatchBuffer(width: outputWidth)
    starts = window.windowStarts()
    area = window.kernelHeight * window.kernelWidth
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (channels, scale) = (window.channels, 1 / Float(area))
    var y = outputs.pointer
    for r in 0..<rows {
      let sample = x + r * window.inputCount
      for position in 0..<window.outputPositions {
        y.update(repeating: 0, count: channels)
        for start in starts[position * area..<(position + 1) * area] {
          let xi = sample + start
          for c in 0..<channels { y[c] += xi[c] }
        }
        for c in 0..<channels { y[c] *= scale }
        y += channels
      }
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    // Inputs beyond the last whole window get no gradient.
    dx.update(repeating: 0, count: rows * window.inputCount)
    let (channels, scale) = (window.channels, 1 / Float(area))
    var gy = UnsafePointer(g)
    for r in 0..<rows {
      let gradient = dx + r * window.inputCount
      for position in 0..<window.outputPositions {
        // Windows do not overlap, so each input takes one window's share.
        for start in starts[position * area..<(position + 1) * area] {
          let di = gradient + start
          for c in 0..<channels { di[c] = gy[c] * scale }
        }
        gy += channels
      }
    }
  }
}
