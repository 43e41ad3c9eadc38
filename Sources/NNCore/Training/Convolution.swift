/// A convolution layer as described: `filters` outputs per position, a square window of
/// `kernel` per spatial dimension (a kernel × kernel square in 2-D), moved by `stride`, with
/// the input padded (`same`) or not (`valid`), and the activation after the bias.
public struct Convolution: Sendable, Hashable {
  /// 1 over sequences (length × channels), 2 over images (height × width × channels).
  public var dimensions: Int
  /// Output channels, one per filter.
  public var filters: Int
  /// The window width in each spatial dimension.
  public var kernel: Int
  /// How many positions the window moves at a time.
  public var stride: Int
  /// Zeros around the input (`same`) or none (`valid`).
  public var padding: Padding
  /// Applied after the bias; `linear` for none.
  public var activation: Activation
  /// nil follows the activation (`Initializer.default(for:)`); the fan-in is the kernel's area
  /// times the input channels.
  public var initializer: Initializer?

  /// A convolution; unless given, stride 1, `valid` padding, no activation, and the initializer
  /// the activation implies.
  public init(
    dimensions: Int, filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .valid,
    activation: Activation = .linear, initializer: Initializer? = nil
  ) {
    self.dimensions = dimensions
    self.filters = filters
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.activation = activation
    self.initializer = initializer
  }

  /// Positions the kernel covers: kernel in 1-D, kernel² in 2-D.
  public var kernelArea: Int { dimensions == 2 ? kernel * kernel : kernel }
}
