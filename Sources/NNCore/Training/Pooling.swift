/// Max or average pooling over non-overlapping windows of `size` per spatial dimension
/// (stride `size`, no padding: a remainder at the edge is left out).
public struct Pooling: Sendable, Hashable {
  /// What a window keeps: its largest value, or its mean.
  public enum Kind: Sendable, Hashable {
    case max
    case average
  }

  /// Max or average pooling.
  public var kind: Kind
  /// The window width in each spatial dimension, ≥ 1; also the stride.
  public var size: Int

  /// Pooling of `kind` over windows `size` wide (and `size` apart) in each spatial dimension.
  public init(_ kind: Kind, size: Int) {
    self.kind = kind
    self.size = size
  }
}
