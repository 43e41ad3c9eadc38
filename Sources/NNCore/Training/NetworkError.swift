/// A network description that cannot be built, or parameters that do not fit it.
public struct NetworkError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The layer at fault (0-based), when one is.
  public let layer: Int?
  /// What is wrong, naming the layer as `layer 2 (dropout 1.0)`.
  public let message: String

  /// `message`, for printing.
  public var description: String { message }
}
