/// A convolution layer as described: `filters` outputs per position, a square window of
/// `kernel` per spatial dimension (a kernel × kernel square in 2-D), moved by `stride`, with
/// the input padded (`same`) or not (`valid`), and the activation after the bias.
public struct Convolution: Sendable, Hashable {
  /// 1 over sequences (length × channels), 2 over images (height × width × channels).
  public var dimensions: Int
  public var filters: Int
  public var kernel: Int
  public var stride: Int
  public var padding: Padding
  public var activation: Activation
  /// nil follows the activation (`Initializer.default(for:)`); the fan-in is the kernel's area
  /// times the input channels.
  public var initializer: Initializer?

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
