/// An activation written as a layer of its own (`dense 64; bn; relu`).
final class ActivationLayer: LayerKernel {
  let outputWidth: Int
  let activation: Activation
  let parameterRange = 0..<0
  let weightRange = 0..<0
  private var outputs: BatchBuffer
  private var skippedActivation = false

  init(features: Int, activation: Activation) {
    outputWidth = features
    self.activation = activation
    outputs = BatchBuffer(width: features)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {}

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    skippedActivation = mode.skipActivation
    ActivationKernels.forward(
      mode.skipActivation ? .linear : activation, source: x, bias: nil, output: outputs.pointer, input: nil,
      rows: rows, columns: outputWidth)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    guard let dx = inputGradient else { return }
    dx.update(from: g, count: rows * outputWidth)
    if !skippedActivation {
      // The layer's input is z itself, so no copy of it is kept.
      ActivationKernels.backward(
        activation, input: input, output: outputs.pointer, gradient: dx, rows: rows, columns: outputWidth)
    }
  }
}
