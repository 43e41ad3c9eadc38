/// A layer whose outputs then pass through inverted dropout, as one layer of the description:
/// a recurrent layer's `dropout:`. The dropout is DropoutLayer's own, on the inner layer's
/// output; its backward pass scales the output gradient in place before the inner layer's.
final class DroppedOutLayer<Inner: LayerKernel>: LayerKernel {
  let inner: Inner
  private let dropout: DropoutLayer

  init(_ inner: Inner, rate: Float) {
    self.inner = inner
    dropout = DropoutLayer(features: inner.outputWidth, rate: rate)
  }

  var outputWidth: Int { inner.outputWidth }
  var parameterRange: Range<Int> { inner.parameterRange }
  var weightRange: Range<Int> { inner.weightRange }
  var output: UnsafeMutablePointer<Float> { dropout.output }

  func reserve(rows: Int) {
    inner.reserve(rows: rows)
    dropout.reserve(rows: rows)
  }

  func initialize(using random: inout SeededGenerator) { inner.initialize(using: &random) }

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    inner.forward(x, rows: rows, mode: mode, random: &random)
    dropout.forward(UnsafePointer(inner.output), rows: rows, mode: mode, random: &random)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    // Element by element, so the gradient through the mask can overwrite the one it reads.
    dropout.backward(input: UnsafePointer(inner.output), outputGradient: g, inputGradient: g, rows: rows)
    inner.backward(input: input, outputGradient: g, inputGradient: inputGradient, rows: rows)
  }
}
