import CKernels

/// The arithmetic of one step of a whole batch, for each cell, in CKernels (Recurrent.c), where the
/// gates' sigmoid and tanh are vector code. `gates` is the step's x·W_ihᵀ, plus h·W_hhᵀ for the
/// cells that do not keep the hidden product apart; a gru's `hidden` is h·W_hhᵀ (nil at the first
/// step, whose previous state is zero). Each is rows × gates·units, a block of `units` per gate
/// in PyTorch's order; the cell adds b_ih and b_hh. The forward pass overwrites `gates` with the
/// gates' values (an lstm's i, f, g, o, a gru's r, z, n), which the backward pass reads and
/// overwrites with their gradients: the step's gates stay where the matrix products put them.
enum RecurrentCell {
  /// Floats per row and step that the backward pass reads besides the state and the gates: an
  /// lstm's cell c and tanh c, a gru's W_hn h + b_hn; nothing for an rnn, whose derivative
  /// follows from its state.
  static func cacheWidth(_ cell: Recurrent.Cell, units: Int) -> Int {
    switch cell {
    case .rnn: 0
    case .lstm: 2 * units
    case .gru: units
    }
  }

  /// Whether the recurrent product goes to the cell apart from the input projection: a gru's
  /// n gate scales it by r, where the other cells add the two.
  static func keepsHiddenApart(_ cell: Recurrent.Cell) -> Bool { cell == .gru }

  /// Writes the step's states and caches, rows × units and rows × `cacheWidth`, and an lstm's or
  /// a gru's gate values; `previousState` and `previousCache` (the step before's) are nil at the
  /// first step.
  static func forward(
    _ cell: Recurrent.Cell, units: Int, rows: Int, gates: UnsafeMutablePointer<Float>,
    hidden: UnsafePointer<Float>?, biasIH: UnsafePointer<Float>, biasHH: UnsafePointer<Float>,
    previousState: UnsafePointer<Float>?, previousCache: UnsafePointer<Float>?, state: UnsafeMutablePointer<Float>,
    cache: UnsafeMutablePointer<Float>
  ) {
    switch cell {
    case .rnn(let activation):
      nn_rnn_forward(gates, biasIH, biasHH, state, rows, units, activation == .relu)
    case .lstm:
      nn_lstm_forward(gates, biasIH, biasHH, previousCache, cache, state, rows, units)
    case .gru:
      nn_gru_forward(gates, hidden, biasIH, biasHH, previousState, cache, state, rows, units)
    }
  }

  /// From `stateGradient` (dL/dh of the step, everything after it included), overwrites `gates`
  /// with the gradient with respect to the step's x·W_ihᵀ + b_ih. That with respect to
  /// h·W_hhᵀ + b_hh is the same but in a gru's n gate, where r scales the hidden part: a gru
  /// writes it into `hiddenGradient`, and in `previousGradient` the part of dL/dh_prev that
  /// bypasses W_hh. An lstm replaces `cellGradient` (dL/dc from the step after) with dL/dc_prev.
  static func backward(
    _ cell: Recurrent.Cell, units: Int, rows: Int, stateGradient dh: UnsafePointer<Float>,
    gates: UnsafeMutablePointer<Float>, cache: UnsafePointer<Float>, previousState: UnsafePointer<Float>?,
    previousCache: UnsafePointer<Float>?, state: UnsafePointer<Float>, hiddenGradient: UnsafeMutablePointer<Float>,
    previousGradient: UnsafeMutablePointer<Float>, cellGradient: UnsafeMutablePointer<Float>
  ) {
    switch cell {
    case .rnn(let activation):
      nn_rnn_backward(dh, state, gates, rows * units, activation == .relu)
    case .lstm:
      nn_lstm_backward(dh, gates, cache, previousCache, cellGradient, rows, units)
    case .gru:
      nn_gru_backward(dh, gates, cache, previousState, hiddenGradient, previousGradient, rows, units)
    }
  }
}
