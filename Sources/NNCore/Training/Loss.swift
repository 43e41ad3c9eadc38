/// What training minimises: the mean over the batch of each sample's loss (times its class
/// weight when class weights are given). A sample's loss is itself a mean over the outputs.
public enum Loss: Sendable, Hashable, CustomStringConvertible {
  /// Softmax cross-entropy on the output taken as logits; needs class targets. A softmax output
  /// layer is fused into it (its logits go to the loss), which keeps it numerically stable.
  case crossEntropy
  /// Sigmoid binary cross-entropy per output, taken as logits, against targets 0/1 (class
  /// indices with one output unit, one-hot with several, or values). A sigmoid output layer is
  /// fused into it.
  case binaryCrossEntropy
  /// Mean squared error.
  case mse
  /// Mean absolute error.
  case mae
  /// ½d² where |d| < delta, delta·(|d| − ½delta) elsewhere.
  case huber(delta: Float = 1)

  /// The loss the output layer implies: softmax → cross-entropy, sigmoid → binary
  /// cross-entropy, anything else → mse.
  public static func inferred(for network: Network) -> Loss {
    switch network.outputActivation {
    case .softmax: .crossEntropy
    case .sigmoid: .binaryCrossEntropy
    default: .mse
    }
  }

  /// The word for it in nnscript.
  public var description: String {
    switch self {
    case .crossEntropy: "ce"
    case .binaryCrossEntropy: "bce"
    case .mse: "mse"
    case .mae: "mae"
    case .huber(let delta): delta == 1 ? "huber" : "huber(\(delta))"
    }
  }

  /// Whether the loss applies `activation` itself, so the output layer leaves it out.
  func fuses(_ activation: Activation) -> Bool {
    switch (self, activation) {
    case (.crossEntropy, .softmax), (.binaryCrossEntropy, .sigmoid): true
    default: false
    }
  }

  /// Whether the loss compares the outputs with dense target values (all but cross-entropy).
  var needsTargetValues: Bool { self != .crossEntropy }
}
