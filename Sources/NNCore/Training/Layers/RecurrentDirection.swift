/// One direction of a recurrent layer: its parameters, and the states and gates of the latest
/// batch, which back-propagation through time reads. Buffers are [position][row][…], as the
/// layer's position-major copy of its input is, so that each step's values for the whole batch
/// are one matrix and the values of all steps one matrix too: the products that do not run
/// through time (the input projection, the weight gradients and the input gradient) are one
/// each over every step.
final class RecurrentDirection {
  let reverse: Bool
  let cell: Recurrent.Cell
  let units: Int
  /// Gate rows: gates × units.
  let width: Int
  let steps: Int
  let features: Int
  private let weightIH: UnsafeMutablePointer<Float>
  private let weightHH: UnsafeMutablePointer<Float>
  private let biasIH: UnsafeMutablePointer<Float>
  private let biasHH: UnsafeMutablePointer<Float>
  private let weightIHGradient: UnsafeMutablePointer<Float>
  private let weightHHGradient: UnsafeMutablePointer<Float>
  private let biasIHGradient: UnsafeMutablePointer<Float>
  private let biasHHGradient: UnsafeMutablePointer<Float>
  /// x·W_ihᵀ at every position (and h·W_hhᵀ added, but for a gru), which the cell overwrites with
  /// its gates' values; the backward pass overwrites those with the gradient with respect to
  /// x·W_ihᵀ + b_ih, which is also that with respect to h·W_hhᵀ + b_hh but for a gru's.
  private var projections: BatchBuffer
  /// A gru's gradient with respect to h·W_hhᵀ + b_hh at every position (its n gate's differs
  /// from the input side's); empty for the other cells.
  private var hiddenGradients: BatchBuffer
  /// h after each step.
  private var states: BatchBuffer
  /// What else the cell's backward pass reads at each step (`RecurrentCell.cacheWidth`).
  private var cache: BatchBuffer
  private let cacheWidth: Int

  init(
    reverse: Bool, recurrent: Recurrent, steps: Int, features: Int, weights: UnsafeMutablePointer<Float>,
    biases: UnsafeMutablePointer<Float>, weightGradients: UnsafeMutablePointer<Float>,
    biasGradients: UnsafeMutablePointer<Float>
  ) {
    self.reverse = reverse
    cell = recurrent.cell
    units = recurrent.units
    width = recurrent.gates * recurrent.units
    self.steps = steps
    self.features = features
    (weightIH, weightIHGradient) = (weights, weightGradients)
    (weightHH, weightHHGradient) = (weights + width * features, weightGradients + width * features)
    (biasIH, biasIHGradient) = (biases, biasGradients)
    (biasHH, biasHHGradient) = (biases + width, biasGradients + width)
    projections = BatchBuffer(width: steps * width)
    hiddenGradients = BatchBuffer(width: cell == .gru ? steps * width : 0)
    states = BatchBuffer(width: steps * units)
    cacheWidth = RecurrentCell.cacheWidth(cell, units: units)
    cache = BatchBuffer(width: steps * cacheWidth)
  }

  func reserve(rows: Int) {
    projections.reserve(rows: rows)
    hiddenGradients.reserve(rows: rows)
    states.reserve(rows: rows)
    cache.reserve(rows: rows)
  }

  /// The input position the direction reads at `step`.
  func position(_ step: Int) -> Int { reverse ? steps - 1 - step : step }

  /// The state of `row` after `step`, in a batch of `rows`.
  func state(_ step: Int, row: Int, rows: Int) -> UnsafeMutablePointer<Float> {
    states.pointer + (position(step) * rows + row) * units
  }

  private func cacheBlock(_ step: Int, rows: Int) -> UnsafeMutablePointer<Float> {
    cache.pointer + position(step) * rows * cacheWidth
  }

  private func projection(_ step: Int, rows: Int) -> UnsafeMutablePointer<Float> {
    projections.pointer + position(step) * rows * width
  }

  /// The direction's parameters as PyTorch lays them out.
  var parameters: RecurrentWeights {
    func values(_ start: UnsafePointer<Float>, _ count: Int) -> [Float] {
      Array(UnsafeBufferPointer(start: start, count: count))
    }
    return RecurrentWeights(
      weightIH: Matrix(rows: width, columns: features, values: values(weightIH, width * features)),
      weightHH: Matrix(rows: width, columns: units, values: values(weightHH, width * units)),
      biasIH: values(biasIH, width), biasHH: values(biasHH, width))
  }

  /// Sets the parameters, which `RecurrentWeights.fits` has checked.
  func set(_ weights: RecurrentWeights) {
    weightIH.update(from: weights.weightIH.values, count: width * features)
    weightHH.update(from: weights.weightHH.values, count: width * units)
    biasIH.update(from: weights.biasIH, count: width)
    biasHH.update(from: weights.biasHH, count: width)
  }

  /// Runs the cell over every step of `rows` sequences, `x` position-major (positions × rows ×
  /// features); `hidden` is rows × width of scratch.
  func forward(_ x: UnsafePointer<Float>, rows: Int, hidden: UnsafeMutablePointer<Float>) {
    BLAS.gemm(
      x, transposeA: false, weightIH, transposeB: true, into: projections.pointer, m: rows * steps, n: width,
      k: features)
    let apart = RecurrentCell.keepsHiddenApart(cell)
    for step in 0..<steps {
      if step > 0 {
        BLAS.gemm(
          state(step - 1, row: 0, rows: rows), transposeA: false, weightHH, transposeB: true,
          into: apart ? hidden : projection(step, rows: rows), m: rows, n: width, k: units, beta: apart ? 0 : 1)
      }
      RecurrentCell.forward(
        cell, units: units, rows: rows, gates: projection(step, rows: rows), hidden: apart && step > 0 ? hidden : nil,
        biasIH: biasIH, biasHH: biasHH, previousState: step > 0 ? state(step - 1, row: 0, rows: rows) : nil,
        previousCache: step > 0 ? cacheBlock(step - 1, rows: rows) : nil, state: state(step, row: 0, rows: rows),
        cache: cacheBlock(step, rows: rows))
    }
  }

  /// Back-propagation through time: `outputGradient(step, into:)` writes the output's gradient
  /// with respect to each row's state after `step`. Sets this direction's parameter gradients
  /// and adds (with `accumulate`) or writes the gradient with respect to the position-major
  /// input `x` into `inputGradient`. `state`, `cell` and `step` are rows × units of scratch.
  ///
  /// When it returns, `step` holds dL/dh after the direction's first step (h_0, at position 0
  /// forward and at the last position in reverse) for each row, everything through time
  /// included: telemetry reads it for the gradient's norm through time.
  func backward(
    _ x: UnsafePointer<Float>, rows: Int, outputGradient: (Int, UnsafeMutablePointer<Float>) -> Void,
    state next: UnsafeMutablePointer<Float>, cell nextCell: UnsafeMutablePointer<Float>,
    step dh: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, accumulate: Bool
  ) {
    let xp = projections.pointer
    // The gradients with respect to h·W_hhᵀ + b_hh at every position.
    let hp = cell == .gru ? hiddenGradients.pointer : xp
    // The gradient reaching the state (and an lstm's cell) from the step after: none after the last.
    next.update(repeating: 0, count: rows * units)
    nextCell.update(repeating: 0, count: rows * units)
    for step in (0..<steps).reversed() {
      outputGradient(step, dh)
      VectorMath.add(next, into: dh, count: rows * units)
      let hiddenGradient = hp + position(step) * rows * width
      RecurrentCell.backward(
        cell, units: units, rows: rows, stateGradient: dh, gates: projection(step, rows: rows),
        cache: cacheBlock(step, rows: rows), previousState: step > 0 ? state(step - 1, row: 0, rows: rows) : nil,
        previousCache: step > 0 ? cacheBlock(step - 1, rows: rows) : nil, state: state(step, row: 0, rows: rows),
        hiddenGradient: hiddenGradient, previousGradient: next, cellGradient: nextCell)
      guard step > 0 else { continue }
      // A gru's cell has already written the part of the previous state's gradient that skips
      // W_hh; the others' cells leave it all to this product.
      BLAS.gemm(
        hiddenGradient, transposeA: false, weightHH, transposeB: false, into: next, m: rows, n: units, k: width,
        beta: cell == .gru ? 1 : 0)
    }
    // W_hh's gradient sums the gradient at each step but the first times the state before it:
    // positions 1..<steps against 0..<steps − 1 forward, 0..<steps − 1 against 1..<steps in
    // reverse, each one block, so that it is one product.
    if steps > 1 {
      let (gradients, previous) = reverse ? (hp, states.pointer + rows * units) : (hp + rows * width, states.pointer)
      BLAS.gemm(
        gradients, transposeA: true, previous, transposeB: false, into: weightHHGradient, m: width, n: units,
        k: (steps - 1) * rows)
    } else {
      weightHHGradient.update(repeating: 0, count: width * units)
    }
    VectorMath.columnSums(hp, rows: rows * steps, columns: width, into: biasHHGradient)
    if cell == .gru {
      VectorMath.columnSums(xp, rows: rows * steps, columns: width, into: biasIHGradient)
    } else {
      biasIHGradient.update(from: biasHHGradient, count: width)
    }
    BLAS.gemm(
      xp, transposeA: true, x, transposeB: false, into: weightIHGradient, m: width, n: features, k: rows * steps)
    if let inputGradient {
      BLAS.gemm(
        xp, transposeA: false, weightIH, transposeB: false, into: inputGradient, m: rows * steps, n: features,
        k: width, beta: accumulate ? 1 : 0)
    }
  }
}
