import Testing

@testable import NNCore

struct TelemetryTests {
  @Test func samplesEveryIntervalWithPerLayerMeasures() throws {
    let network = try Network(
      inputWidth: 2,
      layers: [
        .dense(units: 8, activation: .relu), .dense(units: 8, activation: .tanh),
        .dense(units: 3, activation: .softmax),
      ],
      seed: 31)
    let config = TrainingConfig(epochs: 3, batchSize: 6, clipNorm: 100, telemetryInterval: 4)
    let run = try Trainer(network: network, config: config).train(on: TrainingFixtures.blobs(perClass: 10, seed: 32))
    // 30 rows in batches of 6: 5 steps an epoch, 15 in all; samples at steps 1, 5, 9, 13.
    #expect(run.telemetry.stepLosses.count == 15)
    #expect(run.telemetry.samples.map(\.step) == [1, 5, 9, 13])
    #expect(run.telemetry.samples.map(\.epoch) == [1, 1, 2, 3])
    let sample = run.telemetry.samples[1]
    #expect(sample.loss == run.telemetry.stepLosses[4])
    #expect(sample.layers.map(\.layer) == [0, 1, 2])
    let (relu, tanh, output) = (sample.layers[0], sample.layers[1], sample.layers[2])
    #expect(relu.inactiveUnits != nil && relu.inactiveOutputs! > 0 && relu.inactiveOutputs! < 1)
    #expect(relu.saturatedOutputs == nil && tanh.inactiveUnits == nil && tanh.saturatedOutputs != nil)
    #expect(output.inactiveUnits == nil && output.saturatedOutputs == nil)
    for layer in sample.layers {
      #expect(layer.gradientNorm! > 0 && layer.weightNorm! > 0)
      // Adam's first steps move each weight by about the learning rate.
      #expect(layer.updateRatio! > 1e-4 && layer.updateRatio! < 1)
    }
    let perLayer = sample.layers.map { Double($0.gradientNorm!) }
    #expect(Double(sample.gradientNorm) >= perLayer.map { $0 * $0 }.reduce(0, +).squareRoot())
  }

  @Test func seesDeadReluUnits() throws {
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 4, activation: .relu), .dense(units: 3, activation: .softmax)], seed: 33)
    // A bias of −100 keeps every relu unit at zero for these inputs.
    guard case .dense(let weights, _) = network.parameters(ofLayer: 0) else {
      Issue.record("an expected value is missing")
      return
    }
    try network.setParameters(.dense(weights: weights, bias: [-100, -100, -100, -100]), ofLayer: 0)
    let run = try Trainer(network: network, config: TrainingConfig(epochs: 1, batchSize: 30)).train(
      on: TrainingFixtures.blobs(perClass: 10, seed: 34))
    let relu = run.telemetry.samples[0].layers[0]
    #expect(relu.inactiveUnits == 1 && relu.inactiveOutputs == 1 && relu.gradientNorm == 0)
  }

  @Test(arguments: [Activation.sigmoid, .tanh])
  func seesSaturatedUnits(_ activation: Activation) throws {
    let network = try Network(
      inputWidth: 2,
      layers: [
        .dense(units: 16, activation: activation, initializer: .normal(std: 30)),
        .dense(units: 3, activation: .softmax),
      ],
      seed: 35)
    let run = try Trainer(network: network, config: TrainingConfig(epochs: 1, batchSize: 30)).train(
      on: TrainingFixtures.blobs(perClass: 10, seed: 36))
    #expect(run.telemetry.samples[0].layers[0].saturatedOutputs! > 0.8)
  }

  @Test func seesSaturationInAFusedSigmoidOutput() throws {
    // The output layer leaves its sigmoid to the loss, so telemetry reads the logits.
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 1, activation: .sigmoid, initializer: .normal(std: 30))], seed: 37)
    let data = TrainingFixtures.blobs(perClass: 10, seed: 38)
    guard case .classes(let labels, _) = data.targets else {
      Issue.record("an expected value is missing")
      return
    }
    let binary = TrainingSet(features: data.features, classes: labels.map { min($0, 1) }, classCount: 2)
    let run = try Trainer(network: network, config: TrainingConfig(epochs: 1, batchSize: 30)).train(on: binary)
    #expect(run.lossFunction == .binaryCrossEntropy)
    #expect(run.telemetry.samples[0].layers[0].saturatedOutputs! > 0.8)
  }
}
