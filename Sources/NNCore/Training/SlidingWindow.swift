/// Where a window (a convolution's kernel or a pooling window) sits over a channels-last
/// sample. Both dimensionalities are handled as 2-D: a sequence is an image of height 1, with a
/// window of height 1.
struct SlidingWindow {
  let inputHeight: Int
  let inputWidth: Int
  let channels: Int
  let kernelHeight: Int
  let kernelWidth: Int
  let stride: Int
  /// Zeros before the first row and the first column.
  let padTop: Int
  let padLeft: Int
  let outputHeight: Int
  let outputWidth: Int

  /// The window of `kernel` per spatial dimension of `input` (a sequence or an image).
  init(input: SampleShape, kernel: Int, stride: Int, padding: Padding) {
    let spatial = input.spatial
    precondition(spatial.count == 1 || spatial.count == 2, "a window slides over a sequence or an image")
    let (height, width) = spatial.count == 2 ? (spatial[0], spatial[1]) : (1, spatial[0])
    inputHeight = height
    inputWidth = width
    channels = input.channels
    kernelHeight = spatial.count == 2 ? kernel : 1
    kernelWidth = kernel
    self.stride = stride
    outputHeight = spatial.count == 2 ? Self.outputSize(height, kernel: kernel, stride: stride, padding: padding) : 1
    outputWidth = Self.outputSize(width, kernel: kernel, stride: stride, padding: padding)
    padTop = spatial.count == 2 ? Self.padding(height, outputHeight, kernel: kernel, stride: stride) : 0
    padLeft = Self.padding(width, outputWidth, kernel: kernel, stride: stride)
  }

  /// Output positions along a dimension of `size`: ⌊(size − kernel) / stride⌋ + 1 without
  /// padding, ⌈size / stride⌉ with `same`.
  static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Padding) -> Int {
    switch padding {
    case .valid: (size - kernel) / stride + 1
    case .same: (size + stride - 1) / stride
    }
  }

  /// The zeros before a dimension: half of what the windows reach beyond it, rounded down
  /// (none without padding, as then they reach nothing beyond).
  private static func padding(_ size: Int, _ output: Int, kernel: Int, stride: Int) -> Int {
    max((output - 1) * stride + kernel - size, 0) / 2
  }

  var inputPositions: Int { inputHeight * inputWidth }
  var outputPositions: Int { outputHeight * outputWidth }
  /// Values per input sample.
  var inputCount: Int { inputPositions * channels }
  /// Values under one window: kernel rows × kernel columns × channels, in the input's order.
  var patchSize: Int { kernelHeight * kernelWidth * channels }

  /// For each output position in order, where in a sample the channels under each kernel
  /// position start (kernel row, then column): the table pooling walks, for windows inside
  /// the input as pooling's always are.
  func windowStarts() -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(outputPositions * kernelHeight * kernelWidth)
    for oh in 0..<outputHeight {
      for ow in 0..<outputWidth {
        for kh in 0..<kernelHeight {
          for kw in 0..<kernelWidth {
            starts.append(((oh * stride - padTop + kh) * inputWidth + ow * stride - padLeft + kw) * channels)
          }
        }
      }
    }
    return starts
  }
}
