/// A sequence or an image handed on as one flat vector. Rows are flat in storage already, so
/// both passes are copies.
final class FlattenLayer: LayerKernel {
  let outputWidth: Int
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer

  init(width: Int) {
    outputWidth = width
    outputs = BatchBuffer(width: width)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    outputs.pointer.update(from: x, count: rows * outputWidth)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    inputGradient?.update(from: g, count: rows * outputWidth)
  }
}
