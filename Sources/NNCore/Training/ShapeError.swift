/// Why a layer cannot take the shape its input has. Each case's description is a phrase about
/// the layer, to follow its name.
public enum ShapeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A convolution or a pooling layer on a flat vector, with no positions to slide over.
  case flatInput(SampleShape)
  /// conv1d on an image, or conv2d on a sequence: `expected` is the convolution's dimensions.
  case wrongDimensions(SampleShape, expected: Int)
  /// A kernel wider than its input in some spatial dimension.
  case kernelTooLarge(kernel: Int, input: SampleShape)
  /// Pooling windows wider than the input in some spatial dimension: no output would be left.
  case poolTooLarge(size: Int, input: SampleShape)
  /// A layer that needs a flat vector (dense, softmax) on a sequence or an image.
  case spatialInput(SampleShape)
  /// A recurrent layer on anything but a sequence (steps × features).
  case notSequence(SampleShape)
  /// An embedding on anything but T tokens (T, or T × 1).
  case notTokens(SampleShape)
  /// A convolution with softmax, whose output has positions as well as channels.
  case softmaxOverPositions(SampleShape)

  /// The problem as a phrase about the layer, to follow its name.
  public var description: String {
    switch self {
    case .flatInput(let shape): "its input is \(shape.count) flat values, with no positions to slide over"
    case .wrongDimensions(let shape, 1): "its input \(shape) is not a sequence (length × channels)"
    case .wrongDimensions(let shape, _): "its input \(shape) is not an image (height × width × channels)"
    case .kernelTooLarge(let kernel, let input): "the kernel of \(kernel) is larger than its \(input) input"
    case .poolTooLarge(let size, let input): "windows of \(size) are larger than its \(input) input"
    case .spatialInput(let shape): "it needs a flat input, but its input is \(shape)"
    case .notSequence(let shape) where shape.isFlat:
      "it needs a sequence (steps × features), but its input is \(shape.count) flat values"
    case .notSequence(let shape): "it needs a sequence (steps × features), but its input is \(shape)"
    case .notTokens(let shape): "it needs a sequence of tokens (T, or T×1), but its input is \(shape)"
    case .softmaxOverPositions(let shape): "a softmax over its \(shape) output would mix positions and channels"
    }
  }
}
