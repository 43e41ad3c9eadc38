import Foundation
import Testing

@testable import NNCore
@testable import NNScript

/// The doctor's analysis after a run grows with its epochs, not with their square: a run of
/// hundreds of thousands of epochs is examined at once (it took hours when each check walked
/// the whole history once per epoch).
struct LongRunAnalysisTests {
  @Test(.timeLimit(.minutes(5)))
  func aRunOfManyEpochsIsExaminedAtOnce() throws {
    let engine = Engine()
    _ = engine.run(SourceFile(name: "net.nns", text: "net < dense 8 relu; dense 3 softmax >\n"))
    let source = try #require(engine.currentNetwork)
    var data = try BundledDatasets.load("iris")
    var random = SeededGenerator(seed: 1)
    data = try data.split(train: 0.8, using: &random)
    let config = TrainingConfig(epochs: 200_000)
    let network = try Network(
      inputWidth: data.features.columns, layers: try NetworkCompiler(network: source, dataset: data).layers(),
      seed: config.seed)
    let setup = DoctorSetup(network: network, dataset: data, config: config, source: source)
    let run = Self.run(epochs: config.epochs)
    let report = DoctorReport.examine(setup, run: run)
    #expect(report.codes.contains("plateau"), "\(report.rendered())")
  }

  /// A loss that falls, stalls for the middle half of the run, then falls again (a plateau),
  /// zigzagging by a little every epoch; one telemetry sample every 10 epochs.
  private static func run(epochs: Int) -> TrainingRun {
    let history = (1...epochs).map { epoch in
      let t = Float(epoch) / Float(epochs)
      let trend: Float = t < 0.25 ? 1 - t : t < 0.75 ? 0.75 : 0.75 - (t - 0.75) * 2.5
      let loss = trend + (epoch % 2 == 0 ? 0.001 : -0.001)
      return EpochRecord(
        epoch: epoch, loss: loss, accuracy: 1 - loss / 2, validationLoss: loss, validationAccuracy: 1 - loss / 2,
        learningRate: 0.01, seconds: 0.001)
    }
    var telemetry = Telemetry(interval: 10)
    telemetry.samples = stride(from: 1, through: epochs, by: 10).map { epoch in
      let layers = (0..<2).map { layer in
        LayerTelemetry(
          layer: layer, gradientNorm: 0.1, weightNorm: 1, updateRatio: 1e-3, inactiveUnits: 0.1,
          inactiveOutputs: 0.1, saturatedOutputs: nil, firstStepGradient: nil, lastStepGradient: nil)
      }
      return TelemetrySample(
        epoch: epoch, step: epoch, loss: history[epoch - 1].loss, gradientNorm: 0.1, learningRate: 0.01,
        layers: layers)
    }
    return TrainingRun(
      lossFunction: .crossEntropy, history: history, stopReason: .completed, finalEpoch: epochs,
      telemetry: telemetry, attemptLosses: [history[epochs - 1].loss], keptAttempt: 0, seconds: 200)
  }
}
