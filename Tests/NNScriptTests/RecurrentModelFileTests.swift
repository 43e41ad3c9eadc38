import Foundation
import Testing

@testable import NNScript

/// A recurrent network saved and loaded: its tensors carry PyTorch's recurrent names and
/// shapes, its PyTorch model is stock recurrent modules adapted in their return value, and the
/// loaded network predicts as the saved one did; an embedding's table and a recurrent layer's
/// dropout come back too.
struct RecurrentModelFileTests {
  /// Trains `network` briefly on `prepare`'s data, saves it, loads it in a fresh engine and
  /// checks that it predicts the same and describes itself the same; the file's contents.
  static func savedAndLoaded(_ prepare: String, _ network: String, epochs: Int, batch: Int) throws -> SafeTensors {
    let file = try Support.folder("models").appendingPathComponent("recurrent.safetensors")
    let trained = Support.run(
      """
      seed 3
      \(prepare)
      \(network)
      train epochs: \(epochs) batch: \(batch) quiet: true
      before = predict(data)
      save "\(file.path)"
      """)
    #expect(trained.outcome.status == .success, "\(trained.errors)")
    let loaded = Support.run("\(prepare)\nm = load_net(\"\(file.path)\")\nafter = predict(data)")
    #expect(loaded.outcome.status == .success, "\(loaded.errors)")
    #expect(
      try #require(trained.engine[variable: "before"]).isEqual(to: try #require(loaded.engine[variable: "after"])))
    #expect(loaded.engine[variable: "m"]?.description == network)
    return try SafeTensors(decoding: Data(contentsOf: file))
  }

  @Test func aRecurrentNetworkComesBackWithItsTensorsNamedAsPyTorchs() throws {
    let contents = try Self.savedAndLoaded(
      "data = split(reshape(minmax(load(\"digits\")), 8, 8), 0.8)",
      "net < lstm 4 seq: true bidirectional: true; gru 3; dense 10 softmax >", epochs: 1, batch: 32)
    let shapes = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0.shape) })
    // lstm 4 on 8 features: 16 gate rows; the gru reads both directions' 8 values.
    #expect(shapes["0.weight_ih_l0"] == [16, 8])
    #expect(shapes["0.weight_hh_l0_reverse"] == [16, 4])
    #expect(shapes["0.bias_ih_l0_reverse"] == [16])
    #expect(shapes["1.weight_ih_l0"] == [9, 8])
    #expect(shapes["1.bias_hh_l0"] == [9])
    #expect(shapes["1.weight_ih_l0_reverse"] == nil)

    // The stock modules, returning what the layers hand on; TorchInteropTests runs them.
    #expect(contents.metadata[ModelFile.torchKey] == nil)
    #expect(
      contents.metadata[ModelFile.torchSourceKey] == """
        class LSTMSteps(nn.LSTM):
            \"\"\"Returns the output at every step: (N, steps, directions * hidden).\"\"\"

            def forward(self, x):
                return super().forward(x)[0]


        class GRULastState(nn.GRU):
            \"\"\"Returns the final state h_n as (N, directions * hidden): the reverse direction's, after it read step 0, follows the forward one's.\"\"\"

            def forward(self, x):
                return super().forward(x)[1].transpose(0, 1).flatten(1)


        model = nn.Sequential(LSTMSteps(8, 4, batch_first=True, bidirectional=True), GRULastState(8, 3, batch_first=True), nn.Linear(3, 10), nn.Softmax(dim=1))


        def inputs(rows):
            \"\"\"nnscript's rows, (N, 64) channels last, as the model reads them: (N, 8, 8).\"\"\"
            return rows.reshape(-1, 8, 8)

        """)
  }

  @Test func anEmbeddingAndARecurrentDropoutComeBack() throws {
    let contents = try Self.savedAndLoaded(
      "data = split(parity(n: 200, length: 6, seed: 4), 0.8)",
      "net < embedding 2 4; lstm 3 seq: true dropout: 0.25; gru 2; dense 2 softmax >", epochs: 2, batch: 16)
    let shapes = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0.shape) })
    // nn.Embedding's weight is [vocabulary, dimension]; the dropout after the lstm is a module
    // of its own, so the gru is module 3.
    #expect(shapes["0.weight"] == [2, 4])
    #expect(shapes["1.weight_ih_l0"] == [12, 4])
    #expect(shapes["3.weight_ih_l0"] == [6, 3])
    #expect(contents.metadata[ModelFile.torchKey] == nil)
    #expect(
      contents.metadata[ModelFile.torchSourceKey]?.contains(
        "model = nn.Sequential(Tokens(2, 4), LSTMSteps(4, 3, batch_first=True), nn.Dropout(p=0.25), "
          + "GRULastState(3, 2, batch_first=True), nn.Linear(2, 2), nn.Softmax(dim=1))") == true)
  }
}
