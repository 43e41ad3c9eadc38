import Testing

@testable import NNCore

/// A configuration that cannot be used names the setting, its value and what it must be.
struct TrainingConfigProblemTests {
  private func refusal(_ config: TrainingConfig) throws -> TrainingError {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 1, activation: .linear)], seed: 1)
    do {
      _ = try Trainer(network: network, config: config)
    } catch let error as TrainingError {
      return error
    }
    Issue.record("the configuration was accepted")
    return TrainingError(message: "accepted")
  }

  @Test func theSettingAtFaultComesWithItsValueAndRequirement() throws {
    let clip = try refusal(TrainingConfig(clipNorm: -1))
    #expect(clip.setting == TrainingConfig.Problem(field: .clipNorm, value: -1, requirement: .finitePositive))
    #expect(clip.message == "clipNorm must be a finite number above 0, found -1.0")
    let batch = try refusal(TrainingConfig(batchSize: 0))
    #expect(batch.setting == TrainingConfig.Problem(field: .batchSize, value: 0, requirement: .atLeast(1)))
    let weights = try refusal(TrainingConfig(classWeights: [1, -2]))
    #expect(weights.setting == TrainingConfig.Problem(field: .classWeights, value: -2, requirement: .finiteNonNegative))
    let nesterov = try refusal(TrainingConfig(optimizer: .sgd(momentum: 0, nesterov: true)))
    #expect(nesterov.setting?.field == .nesterov && nesterov.setting?.requirement == .momentumAbove0)
    let beta = try refusal(TrainingConfig(optimizer: .adam(beta1: 1)))
    #expect(beta.setting == TrainingConfig.Problem(field: .beta1, value: 1, requirement: .fraction))
  }

  @Test func theFirstSettingAtFaultIsTheOneNamed() throws {
    let error = try refusal(TrainingConfig(epochs: -1, batchSize: 0, clipNorm: 0))
    #expect(error.setting?.field == .epochs)
  }

  @Test func aUsableConfigurationHasNoProblem() {
    #expect(TrainingConfig(clipNorm: 1, clipValue: 0.5).problem == nil)
  }
}
