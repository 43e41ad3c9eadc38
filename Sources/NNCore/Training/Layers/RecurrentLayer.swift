/// rnn, lstm or gru over a batch of sequences (steps × features, channels last), in PyTorch's
/// parameter layout. The input's projection x·W_ihᵀ for every step is one matrix product per
/// direction; only the recurrent product h·W_hhᵀ runs step by step, over the whole batch at once,
/// and back-propagation through time mirrors it. The flat parameters hold every direction's
/// weight_ih and weight_hh, then every direction's bias_ih and bias_hh, so that the weights are
/// one range.
final class RecurrentLayer: LayerKernel {
  let recurrent: Recurrent
  let steps: Int
  let features: Int
  let outputWidth: Int
  let parameterRange: Range<Int>
  let weightRange: Range<Int>
  private let parameters: UnsafeMutablePointer<Float>
  let directions: [RecurrentDirection]
  private var outputs: BatchBuffer
  /// The input position-major, [position][row][feature], as the directions' buffers are, and the
  /// gradient with respect to it.
  private var sequence: BatchBuffer
  private var sequenceGradient: BatchBuffer
  /// Per batch row, for the step at hand: a gru's h·W_hhᵀ (the other cells add it to the input
  /// projection).
  private var hidden: BatchBuffer
  /// Per batch row: the gradient with respect to the state (and an lstm's cell) the next step
  /// of the backward pass reaches.
  private var stateGradient: BatchBuffer
  private var cellGradient: BatchBuffer
  /// Per batch row: the gradient with respect to the state of the step at hand; after each
  /// direction's backward pass, dL/dh_0 of that direction (see `RecurrentDirection.backward`),
  /// so after the layer's, the last direction's.
  private var stepGradient: BatchBuffer
  /// The forward direction's gradient norms, over the latest batch, with respect to the state
  /// after the first step and after the last: how much of the loss's gradient reaches the
  /// start of the sequence through time, which the doctor reads.
  private(set) var stateGradientNorms: (first: Float, last: Float) = (0, 0)

  init(
    _ recurrent: Recurrent, input: SampleShape, offset: Int, parameters: UnsafeMutablePointer<Float>,
    gradients: UnsafeMutablePointer<Float>
  ) {
    self.recurrent = recurrent
    let (steps, features) = (input.spatial[0], input.channels)
    (self.steps, self.features) = (steps, features)
    let (units, rows) = (recurrent.units, recurrent.gates * recurrent.units)
    outputWidth = (recurrent.sequences ? steps : 1) * recurrent.directions * units
    let weightsPerDirection = rows * (features + units)
    let weightCount = recurrent.directions * weightsPerDirection
    weightRange = offset..<offset + weightCount
    parameterRange = offset..<offset + weightCount + recurrent.directions * 2 * rows
    self.parameters = parameters + offset
    directions = (0..<recurrent.directions).map { d in
      let (weights, biases) = (offset + d * weightsPerDirection, offset + weightCount + d * 2 * rows)
      return RecurrentDirection(
        reverse: d == 1, recurrent: recurrent, steps: steps, features: features, weights: parameters + weights,
        biases: parameters + biases, weightGradients: gradients + weights, biasGradients: gradients + biases)
    }
    outputs = BatchBuffer(width: outputWidth)
    sequence = BatchBuffer(width: steps * features)
    sequenceGradient = BatchBuffer(width: steps * features)
    hidden = BatchBuffer(width: rows)
    stateGradient = BatchBuffer(width: units)
    cellGradient = BatchBuffer(width: units)
    stepGradient = BatchBuffer(width: units)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    sequence.reserve(rows: rows)
    sequenceGradient.reserve(rows: rows)
    hidden.reserve(rows: rows)
    stateGradient.reserve(rows: rows)
    cellGradient.reserve(rows: rows)
    stepGradient.reserve(rows: rows)
    for direction in directions { direction.reserve(rows: rows) }
  }

  func initialize(using random: inout SeededGenerator) {
    // PyTorch's: every weight and bias uniform on ±1/√units.
    let limit = 1 / Float(recurrent.units).squareRoot()
    Initializer.uniform(limit: limit).fill(parameters, fanIn: parameterRange.count, fanOut: 1, using: &random)
  }

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (units, width) = (recurrent.units, recurrent.directions * recurrent.units)
    for r in 0..<rows {
      for position in 0..<steps {
        (sequence.pointer + (position * rows + r) * features).update(
          from: x + (r * steps + position) * features, count: features)
      }
    }
    for (d, direction) in directions.enumerated() {
      direction.forward(sequence.pointer, rows: rows, hidden: hidden.pointer)
      // The states, [step][row][unit], go out forward then reverse at each position.
      for r in 0..<rows {
        if recurrent.sequences {
          for step in 0..<steps {
            let position = direction.position(step)
            (output + (r * steps + position) * width + d * units).update(
              from: direction.state(step, row: r, rows: rows), count: units)
          }
        } else {
          (output + r * width + d * units).update(from: direction.state(steps - 1, row: r, rows: rows), count: units)
        }
      }
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    let (units, width) = (recurrent.units, recurrent.directions * recurrent.units)
    // The last state's gradient is the output's alone: no step after it adds any.
    var last: Float = 0
    for r in 0..<rows {
      let stride = recurrent.sequences ? (r * steps + steps - 1) * width : r * width
      last += VectorMath.sumOfSquares(g + stride, count: units)
    }
    for (d, direction) in directions.enumerated() {
      /// The output's gradient with respect to the state of `step`, for each row.
      func outputGradient(_ step: Int, into dh: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
          let target = dh + r * units
          if recurrent.sequences {
            target.update(from: g + (r * steps + direction.position(step)) * width + d * units, count: units)
          } else if step == steps - 1 {
            target.update(from: g + r * width + d * units, count: units)
          } else {
            target.update(repeating: 0, count: units)
          }
        }
      }
      direction.backward(
        sequence.pointer, rows: rows, outputGradient: outputGradient, state: stateGradient.pointer,
        cell: cellGradient.pointer, step: stepGradient.pointer,
        inputGradient: inputGradient == nil ? nil : sequenceGradient.pointer, accumulate: d > 0)
      if d == 0 {
        // `step` is left holding the gradient with respect to the state after the first step.
        let first = VectorMath.sumOfSquares(stepGradient.pointer, count: rows * units)
        stateGradientNorms = (first.squareRoot(), last.squareRoot())
      }
    }
    guard let inputGradient else { return }
    for r in 0..<rows {
      for position in 0..<steps {
        (inputGradient + (r * steps + position) * features).update(
          from: sequenceGradient.pointer + (position * rows + r) * features, count: features)
      }
    }
  }
}
