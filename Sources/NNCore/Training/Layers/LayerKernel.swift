/// One layer's arithmetic on a batch: the compiled form of a `LayerConfig`. A kernel holds
/// pointers into its network's flat parameter and gradient storage and owns its per-batch
/// buffers, which `reserve(rows:)` sizes once per batch size.
protocol LayerKernel: AnyObject {
  var outputWidth: Int { get }
  /// Where this layer's parameters sit in the network's flat storage, weights (or bn's scale)
  /// first; empty for layers without parameters.
  var parameterRange: Range<Int> { get }
  /// The part of `parameterRange` that telemetry counts as weights, bn's scale among them;
  /// `Network.weightRanges` picks those the L1 penalty covers.
  var weightRange: Range<Int> { get }
  /// The output of the latest forward pass, `rows × outputWidth`.
  var output: UnsafeMutablePointer<Float> { get }

  func reserve(rows: Int)
  func initialize(using random: inout SeededGenerator)
  func forward(_ input: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator)
  /// Turns the gradient with respect to the output (which it may overwrite) into gradients for
  /// the parameters and, when `inputGradient` is given, for the input.
  func backward(
    input: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int)
}

/// How a forward pass runs.
struct ForwardMode {
  /// Batch statistics and dropout (training) or running statistics and no dropout.
  var training: Bool
  /// Leave out the layer's activation: the output layer's softmax or sigmoid, when the loss
  /// applies it itself.
  var skipActivation = false
}

/// The per-batch buffer of a kernel, regrown when a larger batch arrives.
struct BatchBuffer {
  private(set) var storage = FloatBuffer(count: 0)
  let width: Int

  init(width: Int) { self.width = width }

  var pointer: UnsafeMutablePointer<Float> { storage.pointer }

  mutating func reserve(rows: Int) {
    if storage.count < rows * width { storage = FloatBuffer(count: rows * width) }
  }
}
