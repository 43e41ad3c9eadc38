/// One line of a network's summary.
public struct LayerSummary: Sendable, Hashable {
  /// The layer as nnscript writes it (`dense 128 relu`).
  public let layer: String
  /// Values per sample the layer hands on.
  public let outputWidth: Int
  /// Trainable parameters (for bn: scale and shift, not the running statistics).
  public let parameterCount: Int
}
