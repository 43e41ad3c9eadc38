import Foundation
import NNCore
import Testing

@testable import NNScript

/// The doctor on real runs of the training core: each broken setup from the seeds must put its
/// code on top, and healthy setups must get no warning at all.
struct DoctorTests {
  // MARK: Driving the core

  /// The script's description of `net < layers >`, written on line 3 so fixes name that line.
  private func network(_ layers: String) throws -> NetworkValue {
    let engine = Engine()
    let outcome = engine.run(SourceFile(name: "doctor.nns", text: "seed 1\n\nnet < \(layers) >\n"))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    return try #require(engine.currentNetwork)
  }

  /// Splits 80/20 when the data has no split, like `train` does.
  private func prepared(_ data: Dataset, standardize: Bool = false) throws -> Dataset {
    var data = data
    if data.split == nil {
      var rng = SeededGenerator(seed: 11)
      data = try data.split(train: 0.8, using: &rng)
    }
    return standardize ? try data.standardized() : data
  }

  private struct Case {
    let setup: DoctorSetup
    let report: DoctorReport
  }

  /// Compiles `layers` against `data`, trains with `config` and examines the run.
  private func diagnose(_ data: Dataset, _ layers: String, _ config: TrainingConfig) throws -> Case {
    let source = try network(layers)
    let compiled = try NetworkCompiler(network: source, dataset: data).layers()
    let net = try Network(inputWidth: data.features.columns, layers: compiled, seed: config.seed)
    let setup = DoctorSetup(network: net, dataset: data, config: config, source: source)
    let split = try #require(data.split)
    let run = try Trainer(network: net, config: config).train(
      on: TrainingSet(data, rows: split.train), validation: TrainingSet(data, rows: split.validation))
    return Case(setup: setup, report: DoctorReport.examine(setup, run: run))
  }

  /// The static findings only: for setups the core refuses to train.
  private func examineBeforeTraining(_ data: Dataset, _ layers: String, _ config: TrainingConfig) throws
    -> DoctorReport
  {
    let source = try network(layers)
    let compiled = try NetworkCompiler(network: source, dataset: data).layers()
    let net = try Network(inputWidth: data.features.columns, layers: compiled, seed: config.seed)
    return DoctorReport.beforeTraining(DoctorSetup(network: net, dataset: data, config: config, source: source))
  }

  private func expectTop(
    _ report: DoctorReport, in codes: Set<String>, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      report.codes.first.map(codes.contains) == true, "top of \(report.codes)\n\(report.rendered())",
      sourceLocation: sourceLocation)
  }

  private func expectHealthy(_ report: DoctorReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.isHealthy, "\(report.rendered())", sourceLocation: sourceLocation)
  }

  private func load(_ name: String) throws -> Dataset { try BundledDatasets.load(name) }

  private func moons(n: Int = 300, imbalance: Double = 1, seed: UInt64 = 5) throws -> Dataset {
    var rng = SeededGenerator(seed: seed)
    return try Synthetic.moons(n: n, noise: 0.1, imbalance: imbalance, using: &rng)
  }

  // MARK: Findings and the fixes they suggest, as the user's own lines
  // (the scenario suite, Tests/Scenarios, covers each code on whole scripts)

  /// Weights that barely move explain a flat loss: no claim of too little capacity, and a
  /// crawl is not convergence.
  @Test func aCrawlingRunIsLrTooLowAloneNotUnderfittingNorConverged() throws {
    let result = Support.run(
      """
      seed 7
      data = split(standardize(load("digits")), 0.8)
      net < dense 128 sigmoid; dense 64 sigmoid; dense 10 softmax >
      train epochs: 20 opt: sgd lr: 0.001 quiet: true
      d = doctor
      """)
    #expect(result.outcome.status == .success, "\(result.errors)")
    let codes = Support.member(result.engine[variable: "d"], "codes")?.display
    #expect(codes == #"["lr-too-low"]"#)
  }

  /// The codes `doctor` gives after the script's run.
  private func codes(_ script: String) -> [String] {
    let result = Support.run(script + "\nd = doctor\n")
    #expect(result.outcome.status == .success, "\(result.errors)")
    guard case .list(let items)? = Support.member(result.engine[variable: "d"], "codes") else { return [] }
    return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
  }

  /// Ten epochs of plain SGD on iris end with the loss still falling 2% an epoch: not converged.
  @Test func aLossStillFallingSteadilyIsUndertrainedAndItsFixDoublesTheEpochs() throws {
    let result = Support.run(
      """
      seed 1
      data = split(standardize(load("iris")), 0.8)
      net < dense 16 relu; dense 3 softmax >
      train epochs: 10 batch: 16 opt: sgd lr: 0.01 quiet: true
      d = doctor
      """)
    let d = result.engine[variable: "d"]
    #expect(Support.member(d, "codes")?.display == #"["undertrained"]"#)
    #expect(d?.display.contains("epochs: 20") == true, "\(d?.display ?? "")")
    // Eight times the epochs: the loss has settled, and nothing is said of it.
    let long = codes(
      """
      seed 1
      data = split(standardize(load("iris")), 0.8)
      net < dense 16 relu; dense 3 softmax >
      train epochs: 80 batch: 16 opt: sgd lr: 0.01 quiet: true
      """)
    #expect(long == ["converged"])
  }

  /// A slow fall is undertrained when it still adds up: a narrow relu stack on wine falls 0.8%
  /// an epoch to val_acc 0.67 (120 epochs reach 0.94), while a one-unit bottleneck on digits
  /// crawls 1% an epoch at 89% of chance, where only width helps.
  @Test func aSlowSteadyFallIsUndertrainedButACrawlNearChanceIsUnderfitting() throws {
    let narrow = codes(
      """
      seed 1
      data = split(standardize(load("wine")), 0.8)
      net < dense 3 relu; dense 3 relu; dense 3 relu; dense 3 relu; dense 3 relu; dense 3 softmax >
      train epochs: 30 batch: 16 quiet: true
      """)
    #expect(narrow == ["undertrained"])
    let bottleneck = codes(
      """
      seed 2
      data = split(standardize(load("digits")), 0.8)
      net < dense 1 tanh; dense 10 softmax >
      train epochs: 8 quiet: true
      """)
    #expect(bottleneck == ["underfitting"])
  }

  /// A linear layer on xor never leaves chance level: underfitting, with a hidden layer as its
  /// fix, and never converged however flat the loss.
  @Test func aRunStuckAtChanceIsNeverConverged() throws {
    let result = Support.run(
      """
      seed 1
      data = split(standardize(xor(400, 0.1, 8)), 0.8)
      net < dense 2 softmax >
      train epochs: 30 batch: 32 lr: 0.01 quiet: true
      d = doctor
      """)
    let d = result.engine[variable: "d"]
    #expect(Support.member(d, "codes")?.display == #"["underfitting"]"#)
    #expect(d?.display.contains("dense 64 relu; dense 2 softmax") == true, "\(d?.display ?? "")")
  }

  /// Ten epochs of a circles run still learning dip once: one turn is not oscillation, and
  /// validation at the majority share while its loss falls steadily is not a missing signal.
  @Test func oneDipInARunStillLearningIsNeitherOscillationNorNoSignal() throws {
    let found = codes(
      """
      seed 1
      data = split(standardize(circles(400, 0.05, 5)), 0.8)
      seed 1
      net < dense 32 relu; dense 2 softmax >
      seed 1
      train epochs: 10 batch: 32 lr: 0.003 quiet: true
      """)
    #expect(found == ["undertrained"])
  }

  /// A tanh layer that saturates 60% of its outputs on the way to 0.98 val_acc costs the run
  /// nothing: no warning.
  @Test func saturationThatCostsNothingIsNoWarning() throws {
    let found = codes(
      """
      seed 1
      data = split(standardize(load("breast_cancer")), 0.8)
      net < dense 64 tanh; dense 2 softmax >
      train epochs: 40 batch: 16 lr: 0.02 quiet: true
      """)
    #expect(found == ["converged"])
  }

  /// Strength follows the evidence: a first layer getting a millionth of the last one's
  /// gradient is far stronger than a layer barely past the saturation threshold.
  @Test func aFindingsStrengthFollowsItsEvidence() throws {
    let moons = try prepared(moons(), standardize: true)
    let sigmoids = Array(repeating: "dense 16 sigmoid", count: 10).joined(separator: "; ") + "; dense 2 softmax"
    let vanishing = try diagnose(
      moons, sigmoids, TrainingConfig(epochs: 10, optimizer: .sgd(), learningRate: .constant(0.01), seed: 1))
    let vanishingStrength = try #require(vanishing.report.findings.first { $0.code == .vanishingGradients }).strength
    #expect(vanishingStrength > 4, "\(vanishing.report.rendered())")
    let iris = try prepared(load("iris"), standardize: true)
    let diverging = try diagnose(
      iris, "dense 16 relu; dense 3 softmax",
      TrainingConfig(epochs: 20, batchSize: 16, learningRate: .constant(10), seed: 1))
    let rate = try #require(diverging.report.findings.first { $0.code == .lrTooHigh })
    #expect(rate.strength > 2, "\(diverging.report.rendered())")
    let mild = try diagnose(
      iris, "dense 32 sigmoid init: normal(4); dense 3 softmax",
      TrainingConfig(epochs: 30, batchSize: 16, optimizer: .sgd(), learningRate: .constant(0.05), seed: 1))
    for finding in mild.report.findings where finding.code == .saturatedUnits {
      #expect(finding.strength < vanishingStrength / 2, "\(mild.report.rendered())")
    }
  }

  @Test func aNineToOneSplitIsClassImbalance() throws {
    let data = try prepared(moons(imbalance: 9), standardize: true)
    let result = try diagnose(data, "dense 16 relu; dense 2 softmax", TrainingConfig(epochs: 10, seed: 1))
    expectTop(result.report, in: ["class-imbalance"])
    let weighted = try diagnose(
      data, "dense 16 relu; dense 2 softmax",
      TrainingConfig(epochs: 10, classWeights: data.balancedClassWeights(), seed: 1))
    #expect(!weighted.report.codes.contains("class-imbalance"), "weights: balanced answers it")
  }

  @Test func aOneUnitSoftmaxIsAnOutputMismatchPointingAtTheLayer() throws {
    let data = try prepared(moons(), standardize: true)
    let report = try examineBeforeTraining(data, "dense 8 relu; dense 1 softmax", TrainingConfig())
    expectTop(report, in: ["output-mismatch"])
    let top = try #require(report.top)
    #expect(top.severity == .error)
    #expect(top.range?.line == 3)
    #expect(top.fixes.first?.rendered == "line 3: dense 1 softmax  →  dense 1 sigmoid")
  }

  @Test func aTenUnitSigmoidWithCrossEntropyIsAnOutputMismatch() throws {
    let data = try prepared(load("digits"), standardize: true)
    let result = try diagnose(
      data, "dense 32 relu; dense 10 sigmoid", TrainingConfig(epochs: 3, batchSize: 64, loss: .crossEntropy, seed: 1))
    expectTop(result.report, in: ["output-mismatch"])
    #expect(result.report.top?.fixes.first?.text == "dense 10 softmax")
  }

  @Test func aReluOutputForABinaryTargetIsAnOutputMismatch() throws {
    let data = try prepared(moons(), standardize: true)
    let report = try examineBeforeTraining(data, "dense 8 relu; dense 1 relu", TrainingConfig())
    expectTop(report, in: ["output-mismatch"])
  }

  @Test func aSoftmaxOutputOnARegressionTargetIsAnOutputMismatch() throws {
    var rng = SeededGenerator(seed: 3)
    let data = try prepared(Synthetic.regression(features: 2, n: 200, using: &rng))
    let report = try examineBeforeTraining(data, "dense 8 relu; dense 1 softmax", TrainingConfig())
    expectTop(report, in: ["output-mismatch"])
    #expect(report.top?.fixes.first?.rendered == "line 3: dense 1 softmax  →  dense 1")
  }

  @Test func aSigmoidOutputForTargetsFarOutsideItsRangeIsLabelRange() throws {
    var rng = SeededGenerator(seed: 3)
    let data = try prepared(Synthetic.regression(features: 2, n: 200, using: &rng))
    let report = try examineBeforeTraining(data, "dense 8 relu; dense 1 sigmoid", TrainingConfig(loss: .mse))
    expectTop(report, in: ["label-range"])
  }

  @Test func consecutiveLinearDenseLayersAreALinearStack() throws {
    let data = try prepared(load("iris"), standardize: true)
    let report = try examineBeforeTraining(data, "dense 16; dropout 0.1; dense 3 softmax", TrainingConfig())
    expectTop(report, in: ["linear-stack"])
    #expect(report.top?.fixes.first?.rendered == "line 3: dense 16  →  dense 16 relu")
  }

  @Test func aLargeVarianceInitialisationStartsConfidentlyWrong() throws {
    let data = try prepared(load("iris"), standardize: true)
    let result = try diagnose(
      data, "dense 32 relu init: normal(10); dense 3 softmax init: normal(10)",
      TrainingConfig(epochs: 5, batchSize: 16, seed: 1))
    #expect(result.report.codes.contains("initial-loss"), "\(result.report.rendered())")
    #expect(result.report.codes.first == "initial-loss")
    let fix = try #require(result.report.top?.fixes.first)
    #expect(
      fix.rendered
        == "line 3: dense 32 relu init: normal(10); dense 3 softmax init: normal(10)  →  dense 32 relu; dense 3 softmax"
    )
  }

  /// Many parameters a sample is no warning by itself: a 1024-wide layer on digits (54 a
  /// sample) generalises. The eighty noisy moons of the too-little-data scenario, memorised
  /// by 10,000 parameters, are one, and only once the run shows it.
  @Test func tooLittleDataNeedsARunThatMemorises() throws {
    let digits = try prepared(load("digits").minmaxed())
    let wide = try diagnose(
      digits, "dense 1024 relu; dense 10 softmax", TrainingConfig(epochs: 4, batchSize: 128, seed: 2))
    #expect(Double(wide.setup.parameterCount) / Double(wide.setup.trainingRows.count) > 50)
    // Four epochs leave it still falling (undertrained), but it memorises nothing.
    #expect(!wide.report.codes.contains("too-little-data"), "\(wide.report.rendered())")
    var rng = SeededGenerator(seed: 4)
    let moons = try prepared(Synthetic.moons(n: 100, noise: 0.35, using: &rng), standardize: true)
    let layers = "dense 100 relu; dense 100 relu; dense 2 softmax"
    let memorised = try diagnose(
      moons, layers, TrainingConfig(epochs: 100, batchSize: 16, learningRate: .constant(0.01), seed: 1))
    expectTop(memorised.report, in: ["too-little-data"])
    let finding = try #require(memorised.report.top)
    #expect(finding.evidence.contains { $0.hasPrefix("training accuracy") }, "\(finding.evidence)")
    #expect(finding.strength > 1)
    #expect(!(try examineBeforeTraining(moons, layers, TrainingConfig())).codes.contains("too-little-data"))
  }

  /// The doctor reads a conv net's weights where the network has them: the kernels, and the
  /// dense layer's 144 inputs after flatten (not the data's 64); a hand-picked conv init goes
  /// back to its default with the dense one's.
  @Test func aConvolutionsWeightsAndInitialiserAreItsOwn() throws {
    let data = try prepared(load("digits"))
    let source = try network("conv2d 4 3 relu init: normal(2); flatten; dense 10 softmax init: uniform(1)")
    let net = try NetworkCompiler(network: source, dataset: data).compile(seed: 1, budget: .machine())
    let setup = DoctorSetup(network: net, dataset: data, config: TrainingConfig(), source: source)
    #expect(setup.weightCounts == [36, nil, 1440])
    let fix = try #require(setup.defaultInitializers())
    #expect(fix.text == "conv2d 4 3 relu; flatten; dense 10 softmax")
  }

  /// The digits' pixels, 0 to 16, are unscaled features for a dense stack, but tokens for an
  /// embedding, which standardize would turn into no tokens at all.
  @Test func anEmbeddingsTokensAreNoUnscaledInput() throws {
    let data = try prepared(load("digits"))
    let dense = try examineBeforeTraining(data, "dense 16 relu; dense 10 softmax", TrainingConfig())
    #expect(dense.codes.contains("unscaled-input"), "\(dense.rendered())")
    let tokens = try examineBeforeTraining(data, "embedding 17 4; gru 8; dense 10 softmax", TrainingConfig())
    #expect(!tokens.codes.contains("unscaled-input"), "\(tokens.rendered())")
    #expect(!tokens.rendered().contains("standardize"), "\(tokens.rendered())")
  }

  // MARK: The canonical session

  @Test func theCanonicalDigitsSessionIsHealthyAndNamesItsConvergenceEpoch() throws {
    let data = try prepared(load("digits"), standardize: true)
    let config = TrainingConfig(
      epochs: 30, batchSize: 64, learningRate: .exponential(initial: 1e-2, rate: 0.5, steps: 20), clipNorm: 1, seed: 7)
    let result = try diagnose(data, "dense 128 relu; bn; dense 10 softmax", config)
    expectHealthy(result.report)
    let text = result.report.rendered()
    #expect(text.hasPrefix("doctor: no problems found"))
    #expect(text.contains("info converged: the loss settled after epoch"), "\(text)")
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  // MARK: The report

  @Test func theReportRanksErrorsFirstAndInfoLast() {
    let report = DoctorReport([
      Finding(.converged, .info, cause: "settled"), Finding(.plateau, .warning, cause: "flat"),
      Finding(.nanLoss, .error, cause: "nan"), Finding(.unscaledInput, .warning, cause: "scale"),
    ])
    #expect(report.codes == ["nan-loss", "unscaled-input", "plateau", "converged"])
    #expect(!report.isHealthy)
    #expect(DoctorReport([Finding(.converged, .info, cause: "settled")]).isHealthy)
  }

  @Test func theReportWrapsAt80Columns() {
    let long = Array(repeating: "word", count: 60).joined(separator: " ")
    let report = DoctorReport([
      Finding(
        .overfitting, .warning, cause: long, evidence: [long, String(repeating: "x", count: 200)], fixes: [Fix(long)])
    ])
    let lines = report.rendered().split(separator: "\n")
    #expect(lines.first == "doctor: 1 warning")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.map(\.count))")
    #expect(lines.count > 8)
  }
}
