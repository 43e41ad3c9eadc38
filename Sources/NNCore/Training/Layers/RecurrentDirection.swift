/// One direction of a recurrent layer: its parameters, and the states and gates of the latest
/// batch, which back-propagation through time reads. Buffers are [step][row][…] so that each
/// step's states for the whole batch are one matrix, except the input projections, which are
/// [row][position][…] as the input is.
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
  /// x·W_ihᵀ + b_ih at every position; the backward pass overwrites it with its gradient,
  /// which the weight and input gradients then take in one product each.
  private var projections: BatchBuffer
  /// h after each step.
  private var states: BatchBuffer
  /// What the cell's backward pass reads at each step (`RecurrentCell.cacheWidth`).
  private var cache: BatchBuffer

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
    states = BatchBuffer(width: steps * units)
    cache = BatchBuffer(width: steps * RecurrentCell.cacheWidth(cell, units: units))
  }

  func reserve(rows: Int) {
    projections.reserve(rows: rows)
    states.reserve(rows: rows)
    cache.reserve(rows: rows)
  }

  /// The input position the direction reads at `step`.
  func position(_ step: Int) -> Int { reverse ? steps - 1 - step : step }

  /// The state of `row` after `step`, in a batch of `rows`.
  func state(_ step: Int, row: Int, rows: Int) -> UnsafeMutablePointer<Float> {
    states.pointer + (step * rows + row) * units
  }

  private func cacheRow(_ step: Int, row: Int, rows: Int) -> UnsafeMutablePointer<Float> {
    cache.pointer + (step * rows + row) * RecurrentCell.cacheWidth(cell, units: units)
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

  /// Runs the cell over every step of `rows` sequences; `hidden` is rows × width of scratch.
  func forward(_ x: UnsafePointer<Float>, rows: Int, hidden: UnsafeMutablePointer<Float>) {
    let xp = projections.pointer
    BLAS.gemm(x, transposeA: false, weightIH, transposeB: true, into: xp, m: rows * steps, n: width, k: features)
    for i in 0..<rows * steps { VectorMath.add(biasIH, into: xp + i * width, count: width) }
    for step in 0..<steps {
      for r in 0..<rows { (hidden + r * width).update(from: biasHH, count: width) }
      if step > 0 {
        BLAS.gemm(
          state(step - 1, row: 0, rows: rows), transposeA: false, weightHH, transposeB: true, into: hidden, m: rows,
          n: width, k: units, beta: 1)
      }
      for r in 0..<rows {
        RecurrentCell.forward(
          cell, units: units, input: xp + (r * steps + position(step)) * width, hidden: hidden + r * width,
          previous: step > 0 ? state(step - 1, row: r, rows: rows) : nil,
          previousCache: step > 0 ? cacheRow(step - 1, row: r, rows: rows) : nil,
          state: state(step, row: r, rows: rows), cache: cacheRow(step, row: r, rows: rows))
      }
    }
  }

  /// Back-propagation through time: `outputGradient(step, into:)` writes the output's gradient
  /// with respect to each row's state after `step`. Sets this direction's parameter gradients
  /// and adds (with `accumulate`) or writes the input's. `hidden` is rows × width of scratch,
  /// `state`, `cell` and `step` rows × units; `step` is left holding the gradient with respect
  /// to each row's state after the first step, which telemetry reads.
  func backward(
    _ x: UnsafePointer<Float>, rows: Int, outputGradient: (Int, UnsafeMutablePointer<Float>) -> Void,
    hidden: UnsafeMutablePointer<Float>, state next: UnsafeMutablePointer<Float>,
    cell nextCell: UnsafeMutablePointer<Float>, step dh: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, accumulate: Bool
  ) {
    let xp = projections.pointer
    weightHHGradient.update(repeating: 0, count: width * units)
    biasHHGradient.update(repeating: 0, count: width)
    // The gradient reaching the state (and an lstm's cell) from the step after: none after the last.
    next.update(repeating: 0, count: rows * units)
    nextCell.update(repeating: 0, count: rows * units)
    for step in (0..<steps).reversed() {
      outputGradient(step, dh)
      VectorMath.add(next, into: dh, count: rows * units)
      for r in 0..<rows {
        RecurrentCell.backward(
          cell, units: units, stateGradient: dh + r * units, cache: cacheRow(step, row: r, rows: rows),
          previous: step > 0 ? state(step - 1, row: r, rows: rows) : nil,
          previousCache: step > 0 ? cacheRow(step - 1, row: r, rows: rows) : nil,
          state: state(step, row: r, rows: rows), inputGradient: xp + (r * steps + position(step)) * width,
          hiddenGradient: hidden + r * width, previousGradient: next + r * units, cellGradient: nextCell + r * units)
        VectorMath.add(hidden + r * width, into: biasHHGradient, count: width)
      }
      guard step > 0 else { continue }
      BLAS.gemm(
        hidden, transposeA: true, state(step - 1, row: 0, rows: rows), transposeB: false, into: weightHHGradient,
        m: width, n: units, k: rows, beta: 1)
      // A gru's cell has already written the part of the previous state's gradient that skips
      // W_hh; the others' cells leave it all to this product.
      BLAS.gemm(
        hidden, transposeA: false, weightHH, transposeB: false, into: next, m: rows, n: units, k: width,
        beta: cell == .gru ? 1 : 0)
    }
    BLAS.gemm(
      xp, transposeA: true, x, transposeB: false, into: weightIHGradient, m: width, n: features, k: rows * steps)
    VectorMath.columnSums(xp, rows: rows * steps, columns: width, into: biasIHGradient)
    if let inputGradient {
      BLAS.gemm(
        xp, transposeA: false, weightIH, transposeB: false, into: inputGradient, m: rows * steps, n: features,
        k: width, beta: accumulate ? 1 : 0)
    }
  }
}
