/// One line of a network's summary.
public struct LayerSummary: Sendable, Hashable {
  /// The layer as nnscript writes it (`dense 128 relu`).
  public let layer: String
  /// The shape the layer hands on: `8×8×16` for an image, `128` when flat.
  public let outputShape: SampleShape
  /// Trainable parameters (for bn: scale and shift, not the running statistics).
  public let parameterCount: Int

  /// Values per sample the layer hands on.
  public var outputWidth: Int { outputShape.count }
}
