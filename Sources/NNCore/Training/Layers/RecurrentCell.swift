import Foundation

/// The arithmetic of one step of one row, for each cell. `input` is the row's x·W_ihᵀ + b_ih at
/// the step, `hidden` its h·W_hhᵀ + b_hh (b_hh alone at the first step), both a block of
/// `units` per gate in PyTorch's order.
enum RecurrentCell {
  /// Floats per row and step that the backward pass reads besides the state: an lstm's gates
  /// i, f, g, o and its cell c; a gru's gates r, z, n and W_hn h + b_hn; nothing for an rnn,
  /// whose derivative follows from its state.
  static func cacheWidth(_ cell: Recurrent.Cell, units: Int) -> Int {
    switch cell {
    case .rnn: 0
    case .lstm: 5 * units
    case .gru: 4 * units
    }
  }

  @inline(__always)
  private static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

  /// Writes the step's state and cache; `previous` and `previousCache` are nil at the first step.
  static func forward(
    _ cell: Recurrent.Cell, units n: Int, input a: UnsafePointer<Float>, hidden b: UnsafePointer<Float>,
    previous: UnsafePointer<Float>?, previousCache: UnsafePointer<Float>?, state h: UnsafeMutablePointer<Float>,
    cache: UnsafeMutablePointer<Float>
  ) {
    switch cell {
    case .rnn(let activation):
      for j in 0..<n {
        let z = a[j] + b[j]
        h[j] = activation == .relu ? max(z, 0) : tanh(z)
      }
    case .lstm:
      for j in 0..<n {
        let i = sigmoid(a[j] + b[j])
        let f = sigmoid(a[n + j] + b[n + j])
        let g = tanh(a[2 * n + j] + b[2 * n + j])
        let o = sigmoid(a[3 * n + j] + b[3 * n + j])
        let c = f * (previousCache?[4 * n + j] ?? 0) + i * g
        (cache[j], cache[n + j], cache[2 * n + j], cache[3 * n + j], cache[4 * n + j]) = (i, f, g, o, c)
        h[j] = o * tanh(c)
      }
    case .gru:
      for j in 0..<n {
        let r = sigmoid(a[j] + b[j])
        let z = sigmoid(a[n + j] + b[n + j])
        let hn = b[2 * n + j]
        let candidate = tanh(a[2 * n + j] + r * hn)
        (cache[j], cache[n + j], cache[2 * n + j], cache[3 * n + j]) = (r, z, candidate, hn)
        h[j] = (1 - z) * candidate + z * (previous?[j] ?? 0)
      }
    }
  }

  /// From `stateGradient` (dL/dh of the step, everything after it included), writes the
  /// gradients with respect to the step's input projection and hidden product (they differ
  /// only in a gru's n gate, where r scales the hidden part). A gru writes in
  /// `previousGradient` the part of dL/dh_prev that bypasses W_hh; an lstm replaces
  /// `cellGradient` (dL/dc from the step after) with dL/dc_prev.
  static func backward(
    _ cell: Recurrent.Cell, units n: Int, stateGradient dh: UnsafePointer<Float>, cache: UnsafePointer<Float>,
    previous: UnsafePointer<Float>?, previousCache: UnsafePointer<Float>?, state h: UnsafePointer<Float>,
    inputGradient da: UnsafeMutablePointer<Float>, hiddenGradient db: UnsafeMutablePointer<Float>,
    previousGradient: UnsafeMutablePointer<Float>, cellGradient dc: UnsafeMutablePointer<Float>
  ) {
    switch cell {
    case .rnn(let activation):
      for j in 0..<n {
        let derivative = activation == .relu ? (h[j] > 0 ? 1 : 0) : 1 - h[j] * h[j]
        da[j] = dh[j] * derivative
        db[j] = da[j]
      }
    case .lstm:
      for j in 0..<n {
        let (i, f, g, o, c) = (cache[j], cache[n + j], cache[2 * n + j], cache[3 * n + j], cache[4 * n + j])
        let tc = tanh(c)
        let dcj = dc[j] + dh[j] * o * (1 - tc * tc)
        da[j] = dcj * g * i * (1 - i)
        da[n + j] = dcj * (previousCache?[4 * n + j] ?? 0) * f * (1 - f)
        da[2 * n + j] = dcj * i * (1 - g * g)
        da[3 * n + j] = dh[j] * tc * o * (1 - o)
        dc[j] = dcj * f
      }
      (db).update(from: da, count: 4 * n)
    case .gru:
      for j in 0..<n {
        let (r, z, candidate, hn) = (cache[j], cache[n + j], cache[2 * n + j], cache[3 * n + j])
        let dn = dh[j] * (1 - z) * (1 - candidate * candidate)
        da[j] = dn * hn * r * (1 - r)
        da[n + j] = dh[j] * ((previous?[j] ?? 0) - candidate) * z * (1 - z)
        da[2 * n + j] = dn
        (db[j], db[n + j], db[2 * n + j]) = (da[j], da[n + j], dn * r)
        previousGradient[j] = dh[j] * z
      }
    }
  }
}
