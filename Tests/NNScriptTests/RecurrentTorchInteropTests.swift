import Foundation
import Testing

@testable import NNScript

/// A saved recurrent network in real PyTorch, as TorchInteropTests checks the others: the model
/// of the file's `nnscript.torch_source`, stock nn.RNN, nn.LSTM and nn.GRU with only their
/// return value adapted, takes the tensors strictly and predicts as nnscript does, and after
/// tuning in PyTorch nnscript predicts as PyTorch does. Skipped where PyTorch cannot be had.
@Suite(.enabled(if: PythonTorch.shared.python != nil, "\(PythonTorch.shared.problem ?? "")"))
struct RecurrentTorchInteropTests {
  /// Digits read a row at a time: 8 steps of 8 pixels.
  static func digits(seed: Int) -> String {
    "seed \(seed)\ndata = split(reshape(minmax(load(\"digits\")), 8, 8), 0.8)"
  }

  /// Each cell, last state and every step, one and two directions, reading (N, T, F) as
  /// PyTorch's batch_first modules do. Both directions' last state is h_n (the reverse one's
  /// after it read step 0), which output[:, -1] is not.
  static let sequential: [(prepare: String, network: String)] = [
    (digits(seed: 1), "net < lstm 12; dense 10 softmax >"),
    (digits(seed: 2), "net < lstm 8 seq: true; gru 6; dense 10 softmax >"),
    (digits(seed: 3), "net < lstm 6 bidirectional: true; dense 10 softmax >"),
    (digits(seed: 4), "net < gru 6 bidirectional: true; dense 10 softmax >"),
    (digits(seed: 5), "net < rnn 10 relu; dense 10 softmax >"),
    (digits(seed: 6), "net < rnn 6 tanh bidirectional: true seq: true; lstm 5; dense 10 softmax >"),
    // nn.Flatten of (N, T, H) would take the steps' values in nnscript's order, not the
    // channels-first order the dense weight is in.
    (digits(seed: 7), "net < gru 4 seq: true bidirectional: true; dropout 0.1; flatten; dense 10 softmax >"),
    // nn.Embedding indexes by integers: the Tokens adapter takes nnscript's float tokens.
    (
      "seed 5\ndata = split(parity(n: 200, length: 6, seed: 2), 0.8)",
      "net < embedding 2 4; lstm 3 seq: true dropout: 0.25; gru 2; dense 2 softmax >"
    ),
  ]

  /// Recurrent layers among modules PyTorch runs channels first (convolutions, pooling, batch
  /// norm over steps): the model reads (N, F, T), and each recurrent module transposes what it
  /// reads and every step it hands on.
  static let channelsFirst: [(prepare: String, network: String)] = [
    (digits(seed: 8), "net < conv1d 6 3 relu; lstm 5 seq: true bidirectional: true; bn; gru 4; dense 10 softmax >"),
    (digits(seed: 9), "net < bn; lstm 6 seq: true; conv1d 4 3 relu pad: same; maxpool 2; flatten; dense 10 softmax >"),
    (
      "seed 6\ndata = split(parity(n: 200, length: 6, seed: 3), 0.8)",
      "net < embedding 2 4; conv1d 3 2 relu; gap; dense 2 softmax >"
    ),
  ]

  @Test(arguments: sequential.indices)
  func aRecurrentNetworkRunsInPyTorchOnStepsFirstSequences(_ index: Int) throws {
    let metadata = try TorchInteropTests.roundTrip(Self.sequential[index])
    let source = try #require(metadata[ModelFile.torchSourceKey])
    // Digits' rows are 8 × 8; parity's tokens 6 × 1.
    #expect(source.contains("return rows.reshape(-1, \(index < 7 ? "8, 8" : "6, 1"))\n"), "\(source)")
    // Format 3's expression cannot name the adapters: a reader of it fails rather than
    // building a model that cannot run.
    #expect(metadata[ModelFile.torchKey] == nil)
  }

  @Test(arguments: channelsFirst.indices)
  func aRecurrentNetworkAmongConvolutionsRunsInPyTorchChannelsFirst(_ index: Int) throws {
    let metadata = try TorchInteropTests.roundTrip(Self.channelsFirst[index])
    let source = try #require(metadata[ModelFile.torchSourceKey])
    #expect(source.contains("movedim(-1, 1)\n"), "\(source)")
    #expect(metadata[ModelFile.torchKey] == nil)
  }
}
