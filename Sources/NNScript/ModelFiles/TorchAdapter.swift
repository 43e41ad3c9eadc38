import NNCore

/// A stock PyTorch module with only its `forward` changed, for a layer whose stock module
/// returns something else than nnscript's layer hands on (nn.LSTM returns a tuple). A subclass
/// keeps the stock module's constructor and parameter names, so the file's tensors still load
/// with `strict=True` and the modules keep their indices. TorchSequential's Python defines each
/// one it uses before building the model.
struct TorchAdapter: Hashable {
  /// The class the module is built from: `LSTMLastState(8, 16, batch_first=True)`.
  let name: String
  /// The stock module it subclasses: `nn.LSTM`.
  let base: String
  /// What it hands on, as its docstring says.
  let summary: String
  /// The one statement of `forward(self, x)`.
  let forward: String

  /// The Python class statement.
  var definition: String {
    """
    class \(name)(\(base)):
        \"\"\"\(summary)\"\"\"

        def forward(self, x):
            \(forward)
    """
  }
}

extension TorchAdapter {
  /// nn.RNN, nn.LSTM or nn.GRU returning nnscript's output rather than (output, state): every
  /// step's output for `seq: true`, (N, T, directions × units); otherwise the final state h_n as
  /// (N, directions × units), whose reverse half is the state after reading step 0, where
  /// output[:, -1] would hold its state after the last step alone. Among channels-first
  /// modules it reads (N, F, T) and hands on every step as (N, units, T).
  static func recurrent(_ r: Recurrent, maps: FeatureMaps) -> TorchAdapter {
    let kind: String
    switch r.cell {
    case .rnn: kind = "RNN"
    case .lstm: kind = "LSTM"
    case .gru: kind = "GRU"
    }
    let transposed = maps == .channelsFirst
    let call = "super().forward(\(transposed ? "x.transpose(1, 2)" : "x"))"
    let reads = transposed ? "Reads (N, features, steps), channels first as the modules around it. " : ""
    if r.sequences {
      return TorchAdapter(
        name: kind + "Steps", base: "nn." + kind,
        summary: reads + "Returns the output at every step"
          + (transposed ? ", channels first: (N, directions * hidden, steps)." : ": (N, steps, directions * hidden)."),
        forward: "return \(call)[0]" + (transposed ? ".transpose(1, 2)" : ""))
    }
    // nn.LSTM's state is (h_n, c_n); nn.RNN's and nn.GRU's is h_n itself.
    let state = r.cell == .lstm ? "[1][0]" : "[1]"
    return TorchAdapter(
      name: kind + "LastState", base: "nn." + kind,
      summary: reads
        + "Returns the final state h_n as (N, directions * hidden): the reverse direction's, after it read step 0, "
        + "follows the forward one's.",
      forward: "return \(call)\(state).transpose(0, 1).flatten(1)")
  }

  /// nn.Embedding taking nnscript's float tokens, (N, T) or (N, T, 1), as the integers it
  /// indexes by; among channels-first modules it hands on (N, dimension, T).
  static func tokens(maps: FeatureMaps) -> TorchAdapter {
    let transposed = maps == .channelsFirst
    return TorchAdapter(
      name: "Tokens", base: "nn.Embedding",
      summary: "Looks up each step's token, given as a float, and returns "
        + (transposed ? "(N, dimension, steps), channels first." : "(N, steps, dimension)."),
      forward: "return super().forward(x.reshape(len(x), -1).long())" + (transposed ? ".transpose(1, 2)" : ""))
  }

  /// nn.Flatten of a steps-first (N, T, F) map in the order of a channels-first one, (N, F, T),
  /// which is the order the next layer's weights are in (TorchLayout).
  static let flattenChannelsFirst = TorchAdapter(
    name: "FlattenChannelsFirst", base: "nn.Flatten",
    summary: "Flattens (N, steps, features) feature by feature, as nn.Flatten flattens (N, features, steps).",
    forward: "return super().forward(x.transpose(1, 2))")
}

/// How the modules of a network hold its feature maps: PyTorch's convolutions, pooling and
/// batch norm take them channels first, (N, C, L) or (N, C, H, W); its recurrent modules, with
/// `batch_first=True`, steps first, (N, T, F), nnscript's own order.
enum FeatureMaps {
  case channelsFirst
  case channelsLast

  /// Channels last for a network with a recurrent layer and nothing that PyTorch runs only
  /// channels first; otherwise channels first, and the recurrent modules transpose what they
  /// read and hand on.
  init(_ network: Network) {
    var recurrent = false
    for (index, config) in network.layers.enumerated() {
      let input = index == 0 ? network.inputShape : network.outputShapes[index - 1]
      switch config {
      case .convolution, .pooling, .globalAveragePooling:
        self = .channelsFirst
        return
      case .batchNorm where !input.isFlat:
        self = .channelsFirst
        return
      case .recurrent, .embedding:
        recurrent = true
      case .dense, .batchNorm, .dropout, .activation, .flatten:
        break
      }
    }
    self = recurrent ? .channelsLast : .channelsFirst
  }
}
