import CKernels

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
    nn_global_average_forward(x, outputs.pointer, rows, positions, channels)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    nn_global_average_backward(g, dx, rows, positions, channels)
  }
}
