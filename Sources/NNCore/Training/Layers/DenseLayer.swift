/// y = f(x·Wᵀ + b) with W stored out-major (`units × inputs`, PyTorch's layout).
final class DenseLayer: LayerKernel {
  let inputWidth: Int
  let outputWidth: Int
  let activation: Activation
  let initializer: Initializer
  let parameterRange: Range<Int>
  let weightRange: Range<Int>
  private let weights: UnsafeMutablePointer<Float>
  private let bias: UnsafeMutablePointer<Float>?
  private let weightGradient: UnsafeMutablePointer<Float>
  private let biasGradient: UnsafeMutablePointer<Float>?
  private var outputs: BatchBuffer
  /// x·Wᵀ + b, kept only for the activations whose derivative needs it.
  private var preactivations: BatchBuffer?
  private var skippedActivation = false

  init(
    inputs: Int, units: Int, activation: Activation, initializer: Initializer, bias hasBias: Bool,
    offset: Int, parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>
  ) {
    inputWidth = inputs
    outputWidth = units
    self.activation = activation
    self.initializer = initializer
    let weightCount = inputs * units
    weightRange = offset..<offset + weightCount
    parameterRange = offset..<offset + weightCount + (hasBias ? units : 0)
    weights = parameters + offset
    weightGradient = gradients + offset
    bias = hasBias ? weights + weightCount : nil
    biasGradient = hasBias ? weightGradient + weightCount : nil
    outputs = BatchBuffer(width: units)
    preactivations = activation.derivativeNeedsInput ? BatchBuffer(width: units) : nil
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    preactivations?.reserve(rows: rows)
  }

  func initialize(using random: inout SeededGenerator) {
    initializer.fill(weights, fanIn: inputWidth, fanOut: outputWidth, using: &random)
    bias?.update(repeating: 0, count: outputWidth)
  }

  func forward(_ input: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let y = outputs.pointer
    BLAS.gemm(input, transposeA: false, weights, transposeB: true, into: y, m: rows, n: outputWidth, k: inputWidth)
    skippedActivation = mode.skipActivation
    let function = mode.skipActivation ? .linear : activation
    if function == .linear && bias == nil { return }
    ActivationKernels.forward(
      function, source: y, bias: bias, output: y,
      input: function.derivativeNeedsInput ? preactivations?.pointer : nil, rows: rows, columns: outputWidth)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    if !skippedActivation {
      ActivationKernels.backward(
        activation, input: preactivations?.pointer, output: outputs.pointer, gradient: g, rows: rows,
        columns: outputWidth)
    }
    BLAS.gemm(
      g, transposeA: true, input, transposeB: false, into: weightGradient, m: outputWidth, n: inputWidth, k: rows)
    if let biasGradient { VectorMath.columnSums(g, rows: rows, columns: outputWidth, into: biasGradient) }
    if let inputGradient {
      BLAS.gemm(
        g, transposeA: false, weights, transposeB: false, into: inputGradient, m: rows, n: inputWidth,
        k: outputWidth)
    }
  }
}
