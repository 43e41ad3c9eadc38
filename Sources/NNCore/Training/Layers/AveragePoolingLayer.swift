/// The mean of each channel in each window.
final class AveragePoolingLayer: LayerKernel {
  let window: SlidingWindow
  let outputWidth: Int
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer

  init(window: SlidingWindow) {
    self.window = window
    outputWidth = window.outputPositions * window.channels
    outputs = BatchBuffer(width: outputWidth)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let channels = window.channels
    let scale = 1 / Float(window.kernelHeight * window.kernelWidth)
    var y = outputs.pointer
    for r in 0..<rows {
      let sample = x + r * window.inputCount
      for oh in 0..<window.outputHeight {
        for ow in 0..<window.outputWidth {
          y.update(repeating: 0, count: channels)
          for kh in 0..<window.kernelHeight {
            for kw in 0..<window.kernelWidth {
              let xi = sample + window.offset(oh, ow, kh, kw)
              for c in 0..<channels { y[c] += xi[c] }
            }
          }
          for c in 0..<channels { y[c] *= scale }
          y += channels
        }
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
    let channels = window.channels
    let scale = 1 / Float(window.kernelHeight * window.kernelWidth)
    var gy = UnsafePointer(g)
    for r in 0..<rows {
      let gradient = dx + r * window.inputCount
      for oh in 0..<window.outputHeight {
        for ow in 0..<window.outputWidth {
          for kh in 0..<window.kernelHeight {
            for kw in 0..<window.kernelWidth {
              let di = gradient + window.offset(oh, ow, kh, kw)
              for c in 0..<channels { di[c] = gy[c] * scale }
            }
          }
          gy += channels
        }
      }
    }
  }
}
