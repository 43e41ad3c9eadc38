import Foundation
import Testing

@testable import NNCore

struct ScheduleTests {
  private func rates(_ schedule: Schedule, epochs: Int) -> [Float] {
    let rate = LearningRate(schedule)
    return (0..<epochs).map { rate.rate(epoch: $0) }
  }

  private func close(_ a: [Float], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= 1e-6 * max(1, abs($1)) }
  }

  @Test func exponentialIsContinuousPerEpoch() {
    #expect(
      close(
        rates(.exponential(initial: 0.1, rate: 0.5, steps: 2), epochs: 5),
        [0.1, 0.1 * pow(0.5, 0.5), 0.05, 0.1 * pow(0.5, 1.5), 0.025]))
  }

  @Test func stepDropsEveryFewEpochs() {
    #expect(close(rates(.step(initial: 1, factor: 0.1, every: 2), epochs: 5), [1, 1, 0.1, 0.1, 0.01]))
  }

  @Test func cosineDecaysToTheMinimumAndStays() {
    #expect(
      close(
        rates(.cosine(initial: 1, epochs: 4, min: 0.2), epochs: 6),
        [1, 0.2 + 0.8 * (1 + cos(Double.pi / 4)) / 2, 0.6, 0.2 + 0.8 * (1 + cos(3 * Double.pi / 4)) / 2, 0.2, 0.2]))
  }

  @Test func warmupRampsIntoTheSchedule() {
    #expect(
      close(
        rates(.warmup(epochs: 3, then: .step(initial: 0.4, factor: 0.5, every: 1)), epochs: 6),
        [0.1, 0.2, 0.3, 0.4, 0.2, 0.1]))
  }

  @Test func plateauCutsTheRateWhenTheLossStalls() {
    var rate = LearningRate(.plateau(initial: 1, factor: 0.5, patience: 1))
    var seen: [Float] = []
    for (epoch, loss) in [1.0, 0.9, 0.9, 0.9, 0.9, 0.9].enumerated() {
      seen.append(rate.rate(epoch: epoch))
      rate.observe(epoch: epoch, loss: Float(loss))
    }
    seen.append(rate.rate(epoch: 6))
    // Bad epochs 2 and 3 exceed the patience of 1: halve; again after 4 and 5.
    #expect(seen == [1, 1, 1, 1, 0.5, 0.5, 0.25])
  }

  @Test func theHistoryRecordsEachEpochsRate() throws {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 3, activation: .softmax)], seed: 41)
    let config = TrainingConfig(
      epochs: 3, batchSize: 10, optimizer: .sgd(), learningRate: .step(initial: 0.1, factor: 0.5, every: 1))
    let run = try Trainer(network: network, config: config).train(on: TrainingFixtures.blobs(perClass: 5, seed: 42))
    #expect(run.history.map(\.learningRate) == [0.1, 0.05, 0.025])
  }

  @Test func badSchedulesAreRefused() throws {
    let network = try Network(inputWidth: 2, layers: [.dense(units: 3)])
    for schedule in [
      Schedule.constant(0), .step(initial: 0.1, factor: 0.5, every: 0), .plateau(initial: 0.1, factor: 1, patience: 2),
      .warmup(epochs: 2, then: .constant(-1)),
    ] {
      #expect(throws: TrainingError.self) {
        try Trainer(network: network, config: TrainingConfig(learningRate: schedule))
      }
    }
  }
}
