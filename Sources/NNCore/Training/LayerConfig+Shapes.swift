extension LayerConfig {
  /// The shape the layer hands on for `input`, or why it cannot take it.
  public func outputShape(for input: SampleShape) throws(ShapeError) -> SampleShape {
    switch self {
    case .dense(let units, _, _, _):
      guard input.isFlat else { throw .spatialInput(input) }
      return .flat(units)
    case .batchNorm, .dropout:
      return input
    case .activation(let activation):
      guard input.isFlat || activation != .softmax else { throw .spatialInput(input) }
      return input
    case .convolution(let c):
      guard !input.isFlat else { throw .flatInput(input) }
      guard input.spatial.count == c.dimensions else { throw .wrongDimensions(input, expected: c.dimensions) }
      guard input.spatial.allSatisfy({ $0 >= c.kernel }) else { throw .kernelTooLarge(kernel: c.kernel, input: input) }
      let output = SampleShape(
        input.spatial.map {
          SlidingWindow.outputSize($0, kernel: c.kernel, stride: c.stride, padding: c.padding)
        } + [c.filters])
      guard c.activation != .softmax else { throw .softmaxOverPositions(output) }
      return output
    case .pooling(let p):
      guard !input.isFlat else { throw .flatInput(input) }
      guard input.spatial.allSatisfy({ $0 >= p.size }) else { throw .poolTooLarge(size: p.size, input: input) }
      return SampleShape(input.spatial.map { $0 / p.size } + [input.channels])
    case .globalAveragePooling:
      guard !input.isFlat else { throw .flatInput(input) }
      return .flat(input.channels)
    case .flatten:
      return .flat(input.count)
    }
  }

  /// Trainable parameters of the layer on `input`.
  func parameterCount(input: SampleShape) -> Int {
    switch self {
    case .dense(let units, _, _, let bias): units * input.count + (bias ? units : 0)
    case .batchNorm: 2 * input.channels
    case .convolution(let c): c.filters * (c.kernelArea * input.channels + 1)
    case .dropout, .activation, .pooling, .globalAveragePooling, .flatten: 0
    }
  }
}
