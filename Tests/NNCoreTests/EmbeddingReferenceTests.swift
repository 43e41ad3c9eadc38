import Foundation
import Testing

@testable import NNCore

/// embedding against PyTorch's nn.Embedding in float64 (Reference/Embedding, written by its
/// make_embedding.py), alone and into a gru: the same table and tokens must give the same
/// output, and the same output gradient the same table gradient, repeated tokens summed.
struct EmbeddingReferenceTests {
  struct Case: Decodable {
    struct Expected: Decodable {
      let output: RecurrentReferenceTests.Case.Nested
      let weight_gradient: [[Double]]
    }

    let name: String
    let vocabulary: Int
    let dimension: Int
    let weight: [[Double]]
    /// The gru's weights, as RecurrentReferenceTests reads them; its units are weight_hh's columns.
    let gru: RecurrentReferenceTests.Case.Weights?
    let tokens: [[Int]]
    let output_gradient: RecurrentReferenceTests.Case.Nested
    let expected: Expected
  }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Reference/Embedding")

  @Test(arguments: ["embedding", "embedding_gru"])
  func matchesPyTorch(_ name: String) throws {
    let reference = try JSONDecoder().decode(
      Case.self, from: Data(contentsOf: Self.directory.appendingPathComponent(name + ".json")))
    let (rows, steps) = (reference.tokens.count, reference.tokens[0].count)
    var layers: [LayerConfig] = [.embedding(vocabulary: reference.vocabulary, dimension: reference.dimension)]
    if let gru = reference.gru { layers.append(.recurrent(Recurrent(.gru, units: gru.weight_hh[0].count))) }
    let network = try Network(inputShape: SampleShape([steps, 1]), layers: layers)
    try network.setParameters(
      .dense(
        weights: Matrix(
          rows: reference.vocabulary, columns: reference.dimension,
          values: reference.weight.flatMap { $0.map(Float.init) }), bias: nil),
      ofLayer: 0)
    if let gru = reference.gru { try network.setParameters(.recurrent([gru.parameters]), ofLayer: 1) }
    let x = reference.tokens.flatMap { $0.map(Float.init) }
    network.reserve(rows: rows)
    var random = SeededGenerator(seed: 0)
    let output = x.withUnsafeBufferPointer {
      let y = network.forward($0.baseAddress!, rows: rows, mode: ForwardMode(training: true), random: &random)
      return Array(UnsafeBufferPointer(start: y, count: rows * network.outputWidth))
    }
    network.outputGradient.update(from: reference.output_gradient.values.map(Float.init), count: output.count)
    x.withUnsafeBufferPointer { network.backward($0.baseAddress!, rows: rows) }

    func worst(_ got: [Float], _ want: [Double]) -> Double {
      guard got.count == want.count else { return .infinity }
      return zip(got, want).map { abs(Double($0) - $1) / max(abs($1), 1e-2) }.max() ?? 0
    }
    // A lookup is exact; the gru's roundings are those RecurrentReferenceTests allows.
    let outputError = worst(output, reference.expected.output.values)
    #expect(outputError < RecurrentReferenceTests.tolerance, "\(name): output off by \(outputError)")
    let gradient = Array(network.gradients.array[network.kernels[0].parameterRange])
    let gradientError = worst(gradient, reference.expected.weight_gradient.flatMap { $0 })
    #expect(gradientError < RecurrentReferenceTests.tolerance, "\(name): weight gradient off by \(gradientError)")
  }
}
