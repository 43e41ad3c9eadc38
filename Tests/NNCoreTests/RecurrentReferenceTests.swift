import Foundation
import Testing

@testable import NNCore

/// rnn, lstm and gru against PyTorch in float64 (Reference/Recurrent, written by its
/// make_recurrent.py): the same weights and input must give the same output, and the same
/// output gradient the same parameter and input gradients.
struct RecurrentReferenceTests {
  struct Case: Decodable {
    struct Weights: Decodable {
      let weight_ih: [[Double]]
      let weight_hh: [[Double]]
      let bias_ih: [Double]
      let bias_hh: [Double]

      var parameters: RecurrentWeights {
        func matrix(_ rows: [[Double]]) -> Matrix {
          Matrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0.map(Float.init) })
        }
        return RecurrentWeights(
          weightIH: matrix(weight_ih), weightHH: matrix(weight_hh), biasIH: bias_ih.map(Float.init),
          biasHH: bias_hh.map(Float.init))
      }
    }

    struct Layer: Decodable {
      let cell: String
      let units: Int
      let seq: Bool
      let bidirectional: Bool
      let directions: [Weights]

      var config: LayerConfig {
        let kind: Recurrent.Cell =
          switch cell {
          case "rnn_tanh": .rnn(.tanh)
          case "rnn_relu": .rnn(.relu)
          case "lstm": .lstm
          default: .gru
          }
        return .recurrent(Recurrent(kind, units: units, sequences: seq, bidirectional: bidirectional))
      }
    }

    struct Expected: Decodable {
      let output: Nested
      let input_gradient: [[[Double]]]
      let gradients: [[Weights]]
    }

    /// A list nested to any depth, read flat.
    struct Nested: Decodable {
      let values: [Double]

      init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
          values = [number]
        } else {
          values = try container.decode([Nested].self).flatMap(\.values)
        }
      }
    }

    let name: String
    let layers: [Layer]
    let input: [[[Double]]]
    let output_gradient: Nested
    let expected: Expected
  }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Reference/Recurrent")

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  @Test func everyCaseIsHere() {
    // 4 cells × last state or every step × one direction or two, and an lstm into a gru both ways.
    #expect(Self.names.count == 18)
  }

  /// Float32 against float64: roundings of 6e-8 in each of five steps' sums of under ten terms,
  /// and in the batch's sums over steps, stay near 1e-5 (the worst of the 18 cases is 9e-6, a
  /// seq rnn's weight gradient); a wrong derivative, gate order or direction is off by far more
  /// than the 1e-4 allowed. Values near zero are compared against 1e-2 instead of themselves.
  static let tolerance = 1e-4

  @Test(arguments: names)
  func matchesPyTorch(_ name: String) throws {
    let reference = try JSONDecoder().decode(
      Case.self, from: Data(contentsOf: Self.directory.appendingPathComponent(name + ".json")))
    let (rows, steps, features) = (reference.input.count, reference.input[0].count, reference.input[0][0].count)
    let network = try Network(inputShape: SampleShape([steps, features]), layers: reference.layers.map(\.config))
    for (index, layer) in reference.layers.enumerated() {
      try network.setParameters(.recurrent(layer.directions.map(\.parameters)), ofLayer: index)
    }
    let x = reference.input.flatMap { $0.flatMap { $0.map(Float.init) } }
    network.reserve(rows: rows)
    var random = SeededGenerator(seed: 0)
    let output = x.withUnsafeBufferPointer {
      let y = network.forward($0.baseAddress!, rows: rows, mode: ForwardMode(training: true), random: &random)
      return Array(UnsafeBufferPointer(start: y, count: rows * network.outputWidth))
    }
    let inputGradient = FloatBuffer(count: x.count)
    network.outputGradient.update(from: reference.output_gradient.values.map(Float.init), count: output.count)
    x.withUnsafeBufferPointer { network.backward($0.baseAddress!, rows: rows, inputGradient: inputGradient.pointer) }

    func worst(_ got: [Float], _ want: [Double]) -> Double {
      guard got.count == want.count else { return .infinity }
      return zip(got, want).map { abs(Double($0) - $1) / max(abs($1), 1e-2) }.max() ?? 0
    }
    let outputError = worst(output, reference.expected.output.values)
    #expect(outputError < Self.tolerance, "\(name): output off by \(outputError)")
    let inputError = worst(inputGradient.array, reference.expected.input_gradient.flatMap { $0.flatMap { $0 } })
    #expect(inputError < Self.tolerance, "\(name): input gradient off by \(inputError)")
    for (index, gradients) in reference.expected.gradients.enumerated() {
      let range = network.kernels[index].parameterRange
      let got = Array(network.gradients.array[range])
      // The flat storage holds every direction's weights, then every direction's biases.
      let weights = gradients.flatMap { $0.weight_ih.flatMap { $0 } + $0.weight_hh.flatMap { $0 } }
      let biases = gradients.flatMap { $0.bias_ih + $0.bias_hh }
      let error = worst(got, weights + biases)
      #expect(error < Self.tolerance, "\(name) layer \(index + 1): parameter gradients off by \(error)")
    }
  }
}
