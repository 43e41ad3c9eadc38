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
    case .recurrent(let r):
      guard input.spatial.count == 1 else { throw .notSequence(input) }
      let width = r.directions * r.units
      return r.sequences ? SampleShape([input.spatial[0], width]) : .flat(width)
    case .embedding(_, let dimension):
      // T tokens, flat or as a sequence of one feature.
      guard input.isFlat || (input.dimensions.count == 2 && input.channels == 1) else { throw .notTokens(input) }
      return SampleShape([input.dimensions[0], dimension])
    }
  }

  /// Trainable parameters of the layer on `input`; `Int.max` for a count too large for an
  /// `Int`, which no memory holds, so that a network measured before it is built is refused
  /// rather than trapping.
  func parameterCount(input: SampleShape) -> Int {
    let (weights, rows): (Int, Int)
    switch self {
    case .dense(let units, _, _, let bias): (weights, rows) = (input.count + (bias ? 1 : 0), units)
    case .batchNorm: (weights, rows) = (2, input.channels)
    case .convolution(let c): (weights, rows) = (c.kernelArea * input.channels + 1, c.filters)
    case .recurrent(let r):
      // Per direction and gate row: weight_ih, weight_hh, bias_ih and bias_hh.
      let (perRow, overflow) = input.channels.addingReportingOverflow(r.units + 2)
      if overflow { return .max }
      (weights, rows) = (perRow, r.directions * r.gates * r.units)
    case .embedding(let vocabulary, let dimension): (weights, rows) = (dimension, vocabulary)
    case .dropout, .activation, .pooling, .globalAveragePooling, .flatten: return 0
    }
    let (count, overflow) = weights.multipliedReportingOverflow(by: rows)
    return overflow ? .max : count
  }
}
