import Foundation
import Testing

@testable import NNCore

/// Every reference run reproduced step by step in Float32: the loss and gradient norm of each
/// step, the final parameters, and the trained network's evaluation outputs.
struct ReferenceTests {
  @Test func everyReferenceFileIsHere() {
    #expect(ReferenceCase.names.count == 23)
  }

  @Test(arguments: ReferenceCase.names)
  func reproduces(_ name: String) throws {
    let reference = try ReferenceCase.load(name)
    let network = try reference.makeNetwork()
    let trainer = try Trainer(network: network, config: reference.config)
    let rate = Float(reference.optimizer.lr)
    for (index, batch) in reference.batches.enumerated() {
      let outcome = try #require(try trainer.step(on: reference.trainingSet(batch), learningRate: rate))
      let loss = reference.expected.losses[index]
      #expect(
        relativeError(outcome.loss, loss) < 1e-4, "\(name) step \(index + 1): loss \(outcome.loss), expected \(loss)")
      let norm = reference.expected.grad_norms_before_clip[index]
      #expect(
        relativeError(outcome.gradientNorm!, norm) < 1e-4,
        "\(name) step \(index + 1): gradient norm \(outcome.gradientNorm!), expected \(norm)")
    }
    for (index, layer) in reference.expected.final_layers.enumerated() where layer.type != "activation" {
      let actual = try #require(network.parameters(ofLayer: index))
      let (got, want) = (flatten(actual), flatten(ReferenceCase.parameters(layer)))
      let error = zip(got, want).map { abs($0 - $1) / max(abs($1), 1e-2) }.max()!
      #expect(error < 1e-3, "\(name) layer \(index + 1): parameters off by \(error) (relative)")
    }
    let output = try network.predict(ReferenceCase.matrix(reference.expected.eval_input))
    let want = reference.expected.eval_output.flatMap { $0 }
    let error = zip(output.values, want).map { abs(Double($0) - $1) / max(abs($1), 1e-2) }.max()!
    #expect(output.values.count == want.count && error < 1e-3, "\(name): evaluation outputs off by \(error)")
  }

  private func relativeError(_ value: Float, _ expected: Double) -> Double {
    abs(Double(value) - expected) / max(abs(expected), 1e-6)
  }

  private func flatten(_ parameters: LayerParameters) -> [Double] {
    switch parameters {
    case .dense(let weights, let bias): (weights.values + (bias ?? [])).map(Double.init)
    case .batchNorm(let gamma, let beta, let mean, let variance): (gamma + beta + mean + variance).map(Double.init)
    case .recurrent(let directions):
      directions.flatMap { $0.weightIH.values + $0.weightHH.values + $0.biasIH + $0.biasHH }.map(Double.init)
    }
  }
}
