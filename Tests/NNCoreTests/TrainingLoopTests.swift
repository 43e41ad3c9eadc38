import Foundation
import Testing

@testable import NNCore

struct TrainingLoopTests {
  @Test func learnsXOR() throws {
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 8, activation: .tanh), .dense(units: 1, activation: .sigmoid)], seed: 1)
    let trainer = try Trainer(
      network: network, config: TrainingConfig(epochs: 300, batchSize: 4, learningRate: .constant(0.05)))
    let run = try trainer.train(on: TrainingFixtures.xor)
    #expect(run.lossFunction == .binaryCrossEntropy)
    #expect(run.final!.accuracy == 1)
    #expect(run.final!.loss < 0.1)
    let probabilities = try network.predict(TrainingFixtures.xor.features).values
    #expect(probabilities[0] < 0.2 && probabilities[1] > 0.8 && probabilities[2] > 0.8 && probabilities[3] < 0.2)
  }

  @Test func learnsThreeClasses() throws {
    let network = try Network(
      inputWidth: 2,
      layers: [
        .dense(units: 16, activation: .relu), .batchNorm(), .dropout(rate: 0.1), .dense(units: 3, activation: .softmax),
      ],
      seed: 2)
    let config = TrainingConfig(epochs: 15, batchSize: 16, optimizer: .adam(), learningRate: .constant(0.01))
    let run = try Trainer(network: network, config: config).train(
      on: TrainingFixtures.blobs(perClass: 60, seed: 3), validation: TrainingFixtures.blobs(perClass: 30, seed: 4))
    #expect(run.lossFunction == .crossEntropy)
    #expect(run.history.count == 15 && run.stopReason == .completed)
    #expect(run.history.first!.loss > run.history.last!.loss)
    #expect(run.final!.validationAccuracy! > 0.95)
    let evaluation = try network.evaluate(TrainingFixtures.blobs(perClass: 30, seed: 4))
    #expect(evaluation.loss == run.final!.validationLoss && evaluation.accuracy == run.final!.validationAccuracy)
  }

  @Test func earlyStoppingRestoresTheBestWeights() throws {
    let network = try Network(
      inputWidth: 5, layers: [.dense(units: 64, activation: .relu), .dense(units: 3, activation: .softmax)], seed: 5)
    let validation = TrainingFixtures.noise(rows: 40, features: 5, classes: 3, seed: 7)
    let config = TrainingConfig(
      epochs: 200, batchSize: 8, learningRate: .constant(0.01), earlyStoppingPatience: 3)
    let run = try Trainer(network: network, config: config).train(
      on: TrainingFixtures.noise(rows: 40, features: 5, classes: 3, seed: 6), validation: validation)
    guard case .earlyStopping(let epoch, let best) = run.stopReason else {
      Issue.record("memorising noise should stop early, but the run ended with \(run.stopReason)")
      return
    }
    #expect(epoch == best + 3 && run.history.count == epoch && run.finalEpoch == best)
    let bestLoss = run.history[best - 1].validationLoss!
    #expect(run.history.allSatisfy { $0.validationLoss! >= bestLoss })
    #expect(try network.evaluate(validation).loss == bestLoss)
  }

  @Test func restartsKeepTheBestAttempt() throws {
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 4, activation: .tanh), .dense(units: 3, activation: .softmax)], seed: 8)
    let validation = TrainingFixtures.blobs(perClass: 10, seed: 10)
    let config = TrainingConfig(epochs: 2, batchSize: 16, optimizer: .sgd(), learningRate: .constant(0.05), restarts: 3)
    let run = try Trainer(network: network, config: config).train(
      on: TrainingFixtures.blobs(perClass: 20, seed: 9), validation: validation)
    #expect(run.attemptLosses.count == 4)
    #expect(Set(run.attemptLosses).count == 4, "each restart starts from its own initialisation")
    let best = run.attemptLosses.min()!
    #expect(run.attemptLosses[run.keptAttempt] == best && run.final!.validationLoss == best)
    #expect(try network.evaluate(validation).loss == best)
  }

  @Test func stopsAtTheFirstNonFiniteLossNamingWhere() throws {
    var features = TrainingFixtures.blobs(perClass: 10, seed: 11).features
    features[9, 1] = .nan
    let data = TrainingSet(features: features, targets: TrainingFixtures.blobs(perClass: 10, seed: 11).targets)
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 4, activation: .relu), .dense(units: 3, activation: .softmax)], seed: 12)
    let trainer = try Trainer(network: network, config: TrainingConfig(epochs: 3, batchSize: 4, shuffle: false))
    let run = try trainer.train(on: data)
    #expect(run.stopReason == .nonFiniteLoss(epoch: 1, step: 3, layer: 0, layerDescription: "dense 4 relu"))
    #expect(run.stopReason.description.contains("epoch 1, step 3"))
    #expect(run.stopReason.description.contains("layer 1, dense 4 relu"))
    #expect(run.history.isEmpty && run.telemetry.stepLosses.count == 2)
    let finite = network.parameters.array.allSatisfy { $0.isFinite }
    #expect(finite, "the failing step makes no update")
  }

  @Test func divergenceStopsTraining() throws {
    let data = TrainingSet(
      features: Matrix(rows: 8, columns: 1, values: (0..<8).map { Float($0) }),
      values: Matrix(rows: 8, columns: 1, values: (0..<8).map { Float($0) * 1000 }))
    let network = try Network(inputWidth: 1, layers: [.dense(units: 4, activation: .relu), .dense(units: 1)], seed: 13)
    let config = TrainingConfig(epochs: 50, batchSize: 4, optimizer: .sgd(), learningRate: .constant(10))
    let run = try Trainer(network: network, config: config).train(on: data)
    guard case .nonFiniteLoss(let epoch, _, _, _) = run.stopReason else {
      Issue.record("a learning rate of 10 on targets in the thousands should diverge, got \(run.stopReason)")
      return
    }
    #expect(run.history.count == epoch - 1)
  }

  @Test func cancellingStopsAfterTheCurrentBatch() throws {
    let network = try Network(
      inputWidth: 2, layers: [.dense(units: 8, activation: .relu), .dense(units: 3, activation: .softmax)], seed: 14)
    let trainer = try Trainer(network: network, config: TrainingConfig(epochs: 10, batchSize: 10))
    let flag = CancellationFlag()
    var weightsAfterEpoch2: [Float] = []
    let run = try trainer.train(on: TrainingFixtures.blobs(perClass: 10, seed: 15), cancellation: flag) { record in
      if record.epoch == 2 {
        flag.cancel()
        weightsAfterEpoch2 = network.parameters.array
      }
    }
    #expect(run.stopReason == .cancelled(epoch: 3, step: 1))
    #expect(run.history.count == 2 && run.telemetry.stepLosses.count == 2 * 3 + 1)
    #expect(network.parameters.array != weightsAfterEpoch2, "the weights keep the step that was running")
  }

  @Test func cancellingFromAnotherThread() throws {
    let flag = CancellationFlag()
    let finished = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var reason: StopReason?
    let worker = Thread {
      let network = try! Network(
        inputWidth: 2, layers: [.dense(units: 8, activation: .relu), .dense(units: 3, activation: .softmax)])
      let trainer = try! Trainer(network: network, config: TrainingConfig(epochs: 1_000_000, batchSize: 10))
      reason = try! trainer.train(on: TrainingFixtures.blobs(perClass: 10, seed: 16), cancellation: flag).stopReason
      finished.signal()
    }
    worker.start()
    Thread.sleep(forTimeInterval: 0.05)
    flag.cancel()
    #expect(finished.wait(timeout: .now() + 10) == .success)
    guard case .cancelled = reason else {
      Issue.record("expected a cancelled run, got \(String(describing: reason))")
      return
    }
  }
}
