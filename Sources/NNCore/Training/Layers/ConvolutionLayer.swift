/// A convolution as one matrix product per batch: each window of each row becomes a row of
/// `patches` (im2col), so y = f(patches · Wᵀ + b) holds every position's filters, channels
/// last. W is `filters × patch` with the patch in the input's order (kernel row, kernel
/// column, channel).
final class ConvolutionLayer: LayerKernel {
  let window: SlidingWindow
  let filters: Int
  let outputWidth: Int
  let activation: Activation
  let initializer: Initializer
  let parameterRange: Range<Int>
  let weightRange: Range<Int>
  private let weights: UnsafeMutablePointer<Float>
  private let bias: UnsafeMutablePointer<Float>
  private let weightGradient: UnsafeMutablePointer<Float>
  private let biasGradient: UnsafeMutablePointer<Float>
  private var outputs: BatchBuffer
  /// patches · Wᵀ + b, kept only for the activations whose derivative needs it.
  private var preactivations: BatchBuffer?
  /// The latest batch's windows; the backward pass overwrites them with their gradient once
  /// the weight gradient is taken, so one buffer serves both.
  private var patches: BatchBuffer
  private var skippedActivation = false

  init(
    window: SlidingWindow, filters: Int, activation: Activation, initializer: Initializer, offset: Int,
    parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>
  ) {
    self.window = window
    self.filters = filters
    self.activation = activation
    self.initializer = initializer
    let positions = window.outputPositions
    outputWidth = positions * filters
    let weightCount = filters * window.patchSize
    weightRange = offset..<offset + weightCount
    parameterRange = offset..<offset + weightCount + filters
    weights = parameters + offset
    weightGradient = gradients + offset
    bias = weights + weightCount
    biasGradient = weightGradient + weightCount
    outputs = BatchBuffer(width: outputWidth)
    preactivations = activation.derivativeNeedsInput ? BatchBuffer(width: outputWidth) : nil
    patches = BatchBuffer(width: positions * window.patchSize)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    preactivations?.reserve(rows: rows)
    patches.reserve(rows: rows)
  }

  func initialize(using random: inout SeededGenerator) {
    // The fan-in is what one output sees: the kernel's area times the input channels.
    initializer.fill(weights, fanIn: window.patchSize, fanOut: filters, using: &random)
    bias.update(repeating: 0, count: filters)
  }

  func forward(_ input: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (y, windows) = (outputs.pointer, rows * window.outputPositions)
    window.gatherPatches(input, rows: rows, into: patches.pointer)
    BLAS.gemm(
      patches.pointer, transposeA: false, weights, transposeB: true, into: y, m: windows, n: filters,
      k: window.patchSize)
    skippedActivation = mode.skipActivation
    let function = mode.skipActivation ? .linear : activation
    ActivationKernels.forward(
      function, source: y, bias: bias, output: y,
      input: function.derivativeNeedsInput ? preactivations?.pointer : nil, rows: windows, columns: filters)
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    let windows = rows * window.outputPositions
    if !skippedActivation {
      ActivationKernels.backward(
        activation, input: preactivations?.pointer, output: outputs.pointer, gradient: g, rows: windows,
        columns: filters)
    }
    BLAS.gemm(
      g, transposeA: true, patches.pointer, transposeB: false, into: weightGradient, m: filters,
      n: window.patchSize, k: windows)
    VectorMath.columnSums(g, rows: windows, columns: filters, into: biasGradient)
    guard let inputGradient else { return }
    BLAS.gemm(
      g, transposeA: false, weights, transposeB: false, into: patches.pointer, m: windows, n: window.patchSize,
      k: filters)
    window.scatterPatches(patches.pointer, rows: rows, into: inputGradient)
  }
}
