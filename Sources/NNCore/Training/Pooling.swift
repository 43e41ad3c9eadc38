/// Max or average pooling over non-overlapping windows of `size` per spatial dimension
/// (stride `size`, no padding: a remainder at the edge is left out).
public struct Pooling: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case max
    case average
  }

  public var kind: Kind
  public var size: Int

  public init(_ kind: Kind, size: Int) {
    self.kind = kind
    self.size = size
  }
}
