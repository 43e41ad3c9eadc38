/// The largest value of each channel in each window. The gradient goes to the first input
/// that holds the maximum, as PyTorch sends it.
final class MaxPoolingLayer: LayerKernel {
  let window: SlidingWindow
  let outputWidth: Int
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer
  /// Per output of the latest batch: where in its sample the maximum was, for the backward pass.
  private var sources: UnsafeMutablePointer<Int32>
  private var capacity = 0
  /// `window.windowStarts()`: each output position's `area` kernel positions.
  private let starts: [Int]
  private let area: Int

  init(window: SlidingWindow) {
    precondition(window.inputCount <= Int(Int32.max), "a sample's positions fit in 32 bits")
    self.window = window
    outputWidth = window.outputPositions * window.channels
    outputs = BatchBuffer(width: outputWidth)
    sources = .allocate(capacity: 0)
    starts = window.windowStarts()
    area = window.kernelHeight * window.kernelWidth
  }

  deinit { sources.deallocate() }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    guard rows > capacity else { return }
    sources.deallocate()
    sources = .allocate(capacity: rows * outputWidth)
    capacity = rows
  }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let channels = window.channels
    var (y, source) = (outputs.pointer, sources)
    for r in 0..<rows {
      let sample = x + r * window.inputCount
      for position in 0..<window.outputPositions {
        let kernel = starts[position * area..<(position + 1) * area]
        let first = kernel.first!
        y.update(from: sample + first, count: channels)
        for c in 0..<channels { source[c] = Int32(first + c) }
        for start in kernel.dropFirst() {
          let xi = sample + start
          for c in 0..<channels {
            // Only a larger value takes over, so ties go to the first.
            let (value, best, index) = (xi[c], y[c], source[c])
            y[c] = value > best ? value : best
            source[c] = value > best ? Int32(start + c) : index
          }
        }
        y += channels
        source += channels
      }
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    // Inputs that are no window's maximum, or beyond the last whole window, get no gradient.
    dx.update(repeating: 0, count: rows * window.inputCount)
    for r in 0..<rows {
      let (gradient, gy, source) = (dx + r * window.inputCount, g + r * outputWidth, sources + r * outputWidth)
      // Windows do not overlap, so each input is at most one output's source.
      for i in 0..<outputWidth { gradient[Int(source[i])] = gy[i] }
    }
  }
}
