/// A recurrent layer as described: a cell of `units` hidden values run over the steps of a
/// sequence (steps × features), handing on its last state or (`sequences`) its state at every
/// step, in one direction or both. Parameters follow PyTorch's `nn.RNN`, `nn.LSTM` and `nn.GRU`.
public struct Recurrent: Sendable, Hashable, CustomStringConvertible {
  /// The cell run at each step.
  public enum Cell: Sendable, Hashable {
    /// h = f(W_ih x + b_ih + W_hh h + b_hh), with f tanh or relu.
    case rnn(Activation)
    /// Gates i, f, g, o in that order.
    case lstm
    /// Gates r, z, n in that order, with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    case gru
  }

  public var cell: Cell
  /// Hidden values per direction.
  public var units: Int
  /// Every step's state (steps × units, to stack another recurrent layer) rather than the last.
  public var sequences: Bool
  /// A second cell of its own reads the sequence backwards; the outputs are concatenated,
  /// forward then reverse, as PyTorch does.
  public var bidirectional: Bool
  /// Inverted dropout on what the layer hands on (every step's state, or the last), while
  /// training only: PyTorch's `dropout=` between stacked recurrent layers. 0 for none.
  public var dropout: Float

  /// A recurrent layer; unless given, the last state of one direction, without dropout.
  public init(
    _ cell: Cell, units: Int, sequences: Bool = false, bidirectional: Bool = false, dropout: Float = 0
  ) {
    self.cell = cell
    self.units = units
    self.sequences = sequences
    self.bidirectional = bidirectional
    self.dropout = dropout
  }

  /// Blocks of `units` rows in each weight matrix: 1 for rnn, 4 for lstm, 3 for gru.
  public var gates: Int {
    switch cell {
    case .rnn: 1
    case .lstm: 4
    case .gru: 3
    }
  }

  public var directions: Int { bidirectional ? 2 : 1 }

  /// `lstm 32 seq: true bidirectional: true dropout: 0.2`, `rnn 16 relu`.
  public var description: String {
    var text: String
    switch cell {
    case .rnn(let activation): text = "rnn \(units) \(activation)"
    case .lstm: text = "lstm \(units)"
    case .gru: text = "gru \(units)"
    }
    if sequences { text += " seq: true" }
    if bidirectional { text += " bidirectional: true" }
    if dropout != 0 { text += " dropout: \(dropout)" }
    return text
  }
}
