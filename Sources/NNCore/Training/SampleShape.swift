/// The shape of one sample as the layers see it, channels last: `[features]` for a flat
/// vector, `[length, channels]` for a sequence, `[height, width, channels]` for an image.
/// Rows stay flat in storage in this order, so a shape costs nothing to change.
public struct SampleShape: Sendable, Hashable, CustomStringConvertible {
  /// The sizes, channels last: `[features]`, `[length, channels]` or `[height, width, channels]`.
  public let dimensions: [Int]

  /// A shape of these sizes, channels last; traps when there are none.
  public init(_ dimensions: [Int]) {
    precondition(!dimensions.isEmpty, "a shape has at least one dimension")
    self.dimensions = dimensions
  }

  /// A flat vector of `count` features.
  public static func flat(_ count: Int) -> SampleShape { SampleShape([count]) }

  /// Values per sample.
  public var count: Int { dimensions.reduce(1, *) }

  /// A plain vector of features, with nothing to slide a window over.
  public var isFlat: Bool { dimensions.count == 1 }

  /// The last dimension; a flat vector's features count as its channels.
  public var channels: Int { dimensions.last! }

  /// The dimensions a window slides over: none for a flat vector, [length] or [height, width].
  public var spatial: [Int] { Array(dimensions.dropLast()) }

  /// Positions per sample: the product of the spatial dimensions (1 when flat).
  public var positions: Int { spatial.reduce(1, *) }

  /// `8×8×16`, `40×1`, `64`.
  public var description: String { dimensions.map(String.init).joined(separator: "×") }
}
