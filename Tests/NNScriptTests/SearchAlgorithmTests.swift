import Foundation
import NNCore
import Testing

@testable import NNScript

/// The samplers, the pruner and the folds on their own, away from training.
struct SearchAlgorithmTests {
  /// A bowl in log10(lr) with its bottom at 10^-2.5, and a preferred choice.
  private static func objective(_ point: [Double]) -> Double {
    let x = Foundation.log10(point[0]) + 2.5
    return x * x + (point[1] == 2 ? 0 : 0.5)
  }

  private static let parameters = [
    SearchParameter(name: "lr", space: .logUniform(low: 1e-5, high: 1)),
    SearchParameter(name: "act", space: .choice(count: 4)),
  ]

  /// Runs `trials` proposals of `sampler` against the bowl; returns the scores in order.
  private static func scores(_ sampler: inout some Sampler, trials: Int) -> [Double] {
    var observed: [TrialObservation] = []
    for number in 1...trials {
      let point = sampler.propose(after: observed)!
      observed.append(
        TrialObservation(number: number, point: point, state: .complete, score: objective(point), epochs: 1))
    }
    return observed.map { $0.score! }
  }

  @Test func tpeFindsTheBowlFasterThanRandom() {
    var tpeBest: [Double] = []
    var randomBest: [Double] = []
    for seed in UInt64(1)...9 {
      var tpe = TPESampler(parameters: Self.parameters, random: SeededGenerator(seed: seed))
      var random = RandomSampler(parameters: Self.parameters, random: SeededGenerator(seed: seed))
      tpeBest.append(Self.scores(&tpe, trials: 40).min()!)
      randomBest.append(Self.scores(&random, trials: 40).min()!)
    }
    // Medians over seeds: TPE's best of 40 is well below random's.
    let median = { (xs: [Double]) in xs.sorted()[xs.count / 2] }
    #expect(median(tpeBest) < median(randomBest) / 2, "tpe \(tpeBest) random \(randomBest)")
  }

  @Test func tpeConcentratesOnTheGoodChoiceAndRegion() {
    var tpe = TPESampler(parameters: Self.parameters, random: SeededGenerator(seed: 4))
    var observed: [TrialObservation] = []
    var late: [[Double]] = []
    for number in 1...60 {
      let point = tpe.propose(after: observed)!
      if number > 30 { late.append(point) }
      observed.append(
        TrialObservation(number: number, point: point, state: .complete, score: Self.objective(point), epochs: 1))
    }
    // A random draw picks choice 2 a quarter of the time and lands within a decade of the
    // bottom a fifth of the time; TPE's later proposals do both far more often.
    #expect(late.filter { $0[1] == 2 }.count > late.count / 2)
    #expect(late.filter { abs(Foundation.log10($0[0]) + 2.5) < 0.5 }.count > late.count / 2)
  }

  @Test func tpeStartsRandomAndStaysInItsSpace() {
    let parameters = [
      SearchParameter(name: "w", space: .integer(low: 16, high: 128)),
      SearchParameter(name: "p", space: .uniform(low: 0, high: 0.5)),
    ]
    var tpe = TPESampler(parameters: parameters, random: SeededGenerator(seed: 2))
    var observed: [TrialObservation] = []
    for number in 1...30 {
      let point = tpe.propose(after: observed)!
      #expect(point[0] == point[0].rounded() && (16...128).contains(point[0]))
      #expect((0...0.5).contains(point[1]))
      observed.append(TrialObservation(number: number, point: point, state: .complete, score: point[1], epochs: 1))
    }
  }

  @Test func theGoodSetIsATenthUpTo25() {
    #expect(TPESampler.goodCount(1) == 1)
    #expect(TPESampler.goodCount(10) == 1)
    #expect(TPESampler.goodCount(11) == 2)
    #expect(TPESampler.goodCount(100) == 10)
    #expect(TPESampler.goodCount(1000) == 25)
  }

  @Test func choicesAreSmoothedCounts() {
    let l = ParzenEstimator([2, 2, 2, 1], space: .choice(count: 3))
    #expect(l.logDensity(2) > l.logDensity(1))
    #expect(l.logDensity(1) > l.logDensity(0))
    // Smoothing: a choice never seen keeps some probability.
    #expect(l.logDensity(0).isFinite)
    let total = (0..<3).map { Foundation.exp(l.logDensity(Double($0))) }.reduce(0, +)
    #expect(abs(total - 1) < 1e-9)
  }

  @Test func logSpacesAreModelledInTheLogarithm() {
    let space = SearchSpace.logUniform(low: 1e-5, high: 1)
    let l = ParzenEstimator([1e-4, 1e-4, 1e-4].map(space.model), space: space)
    var random = SeededGenerator(seed: 1)
    let drawn = l.sample(200, &random).map(space.value(fromModel:))
    #expect(drawn.allSatisfy { $0 >= 1e-5 && $0 <= 1 })
    // Most draws within two decades of 1e-4; a linear model would put them near 0.5.
    #expect(drawn.filter { $0 > 1e-6 && $0 < 1e-2 }.count > 120)
  }

  @Test func rankingPutsCompleteBeforePrunedAndDropsFailed() {
    let trials = [
      TrialObservation(number: 1, point: [0], state: .pruned, score: 0.1, epochs: 1),
      TrialObservation(number: 2, point: [0], state: .complete, score: 0.5, epochs: 9),
      TrialObservation(number: 3, point: [0], state: .failed, score: nil, epochs: 2),
      TrialObservation(number: 4, point: [0], state: .pruned, score: 0.3, epochs: 3),
      TrialObservation(number: 5, point: [0], state: .complete, score: 0.2, epochs: 9),
    ]
    #expect(trials.ranked().map(\.number) == [5, 2, 4, 1])
  }

  @Test func successiveHalvingKeepsTheBestThirdAtEachRung() {
    let pruner = SuccessiveHalvingPruner()
    let rungs: [Int] = (0..<3).map(pruner.rungEpoch)
    #expect(rungs == [1, 3, 9])
    // The first trial at a rung is the best there; the second must beat it while fewer than
    // three have been.
    #expect(!pruner.shouldPrune(trial: 1, epoch: 1, loss: 1.0))
    #expect(pruner.shouldPrune(trial: 2, epoch: 1, loss: 2.0))
    #expect(!pruner.shouldPrune(trial: 3, epoch: 1, loss: 0.5))
    // Four values: the best ⌊4/3⌋ = 1 go on.
    #expect(pruner.shouldPrune(trial: 4, epoch: 1, loss: 0.9))
    // Between rungs nothing is judged; at epoch 3 the next rung is.
    #expect(!pruner.shouldPrune(trial: 1, epoch: 2, loss: 5.0))
    #expect(!pruner.shouldPrune(trial: 1, epoch: 3, loss: 0.8))
    #expect(pruner.shouldPrune(trial: 3, epoch: 3, loss: 0.9))
    #expect(pruner.shouldPrune(trial: 5, epoch: 1, loss: .nan))
  }

  @Test func theGridVisitsEveryPointOnce() {
    var random = SeededGenerator(seed: 3)
    var grid = GridSampler(values: [[0, 1, 2], [10, 20]], random: &random)
    var seen: [[Double]] = []
    while let point = grid.propose(after: []) { seen.append(point) }
    #expect(seen.count == 6 && GridSampler.size([[0, 1, 2], [10, 20]]) == 6)
    #expect(Set(seen.map { "\($0)" }).count == 6)
  }

  @Test func foldsAreStratifiedDisjointAndCoverTheTrainingPart() throws {
    var rng = SeededGenerator(seed: 1)
    let data = try BundledDatasets.load("iris").split(train: 0.8, using: &rng)
    let folds = StratifiedFolds(data, count: 4, seed: 7)
    #expect(folds.folds.flatMap { $0 }.sorted() == data.split!.train)
    for fold in folds.folds {
      let counts = data.classCounts(rows: fold)
      #expect(counts.max()! - counts.min()! <= 1, "\(counts)")
    }
    let split = folds.split(data, fold: 2)
    #expect(Set(split.split!.train).isDisjoint(with: split.split!.validation))
    #expect(split.split!.test == data.split!.test)
  }

  @Test func trialSeedsAreStableAndDistinct() throws {
    let nowhere = SourceRange(file: SourceFile(name: "t", text: ""), start: 0, end: 0)
    let plan = SearchPlan(networkRange: nowhere, dataset: try BundledDatasets.load("iris"), seed: 42, range: nowhere)
    let seeds = (1...100).map(plan.seed(ofTrial:))
    #expect(Set(seeds).count == 100)
    #expect(seeds.allSatisfy { $0 < 1_000_000_000_000_000 })
    #expect(plan.seed(ofTrial: 7) == seeds[6])
  }
}
