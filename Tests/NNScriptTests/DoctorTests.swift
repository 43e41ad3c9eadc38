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

  /// A copy of `data` with each feature column multiplied by its factor.
  private func scaled(_ data: Dataset, _ factors: [Float]) -> Dataset {
    var out = data
    for r in 0..<data.count {
      for (j, factor) in factors.enumerated() { out.features.values[r * data.features.columns + j] *= factor }
    }
    return out
  }

  // MARK: Broken setups (the seeds' examples)

  @Test func featuresAt1000And0_01AreUnscaledInput() throws {
    let data = try prepared(scaled(moons(), [1000, 0.01]))
    let result = try diagnose(data, "dense 16 relu; dense 2 softmax", TrainingConfig(epochs: 10, seed: 1))
    expectTop(result.report, in: ["unscaled-input"])
  }

  @Test func adamAtLearningRate10() throws {
    let data = try prepared(load("iris"), standardize: true)
    let config = TrainingConfig(epochs: 20, batchSize: 16, learningRate: .constant(10), seed: 1)
    let result = try diagnose(data, "dense 16 relu; dense 3 softmax", config)
    expectTop(result.report, in: ["lr-too-high", "nan-loss"])
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

  @Test func sigmoidThroughTenLayers() throws {
    let data = try prepared(moons(), standardize: true)
    let layers = Array(repeating: "dense 16 sigmoid", count: 10).joined(separator: "; ") + "; dense 2 softmax"
    let result = try diagnose(
      data, layers, TrainingConfig(epochs: 10, optimizer: .sgd(), learningRate: .constant(0.01), seed: 1))
    expectTop(result.report, in: ["vanishing-gradients", "saturated-units"])
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

  @Test func mseOnClassLabelsIsAnOutputMismatch() throws {
    let data = try prepared(load("iris"), standardize: true)
    let result = try diagnose(data, "dense 16 relu; dense 3 softmax", TrainingConfig(epochs: 10, loss: .mse, seed: 1))
    expectTop(result.report, in: ["output-mismatch"])
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

  @Test func regressionTargetsInTheHundredsAreUnscaled() throws {
    var rng = SeededGenerator(seed: 3)
    var data = try Synthetic.regression(features: 3, n: 300, using: &rng)
    guard case .values(let values) = data.targets else {
      Issue.record("a regression target")
      return
    }
    data.targets = .values(values.map { 300 + 100 * $0 })
    let result = try diagnose(
      try prepared(data), "dense 16 relu; dense 1", TrainingConfig(epochs: 10, learningRate: .constant(0.01), seed: 1))
    expectTop(result.report, in: ["unscaled-target"])
  }

  @Test func randomLabelsHaveNoSignal() throws {
    var rng = SeededGenerator(seed: 9)
    let rows = 300
    let features = Matrix(rows: rows, columns: 10, values: (0..<rows * 10).map { _ in Float(rng.gaussian()) })
    let labels = (0..<rows).map { _ in Int32(rng.next() & 1) }
    let data = try prepared(
      Dataset(
        name: "noise", features: features, featureNames: (0..<10).map { "x\($0)" }, targetName: "y",
        targets: .classes(labels, names: ["a", "b"])))
    let result = try diagnose(
      data, "dense 64 relu; dense 64 relu; dense 2 softmax",
      TrainingConfig(epochs: 40, learningRate: .constant(0.01), seed: 1))
    expectTop(result.report, in: ["no-signal"])
  }

  @Test func labelsSortedWithShuffleFalseAreUnshuffled() throws {
    let data = try prepared(moons(), standardize: true)
    var sorted = data
    let order = data.trainingRows.sorted { label(data, $0) < label(data, $1) }
    sorted.split?.train = order
    let config = TrainingConfig(epochs: 10, shuffle: false, seed: 1)
    let result = try diagnose(sorted, "dense 16 relu; dense 2 softmax", config)
    expectTop(result.report, in: ["unshuffled"])
    var shuffled = config
    shuffled.shuffle = true
    #expect(!(try diagnose(sorted, "dense 16 relu; dense 2 softmax", shuffled)).report.codes.contains("unshuffled"))
  }

  private func label(_ data: Dataset, _ row: Int) -> Int32 {
    if case .classes(let labels, _) = data.targets { return labels[row] }
    return 0
  }

  @Test func aOneUnitBottleneckUnderfits() throws {
    let data = try prepared(load("digits"), standardize: true)
    let result = try diagnose(
      data, "dense 1 tanh; dense 10 softmax", TrainingConfig(epochs: 20, batchSize: 64, seed: 1))
    expectTop(result.report, in: ["underfitting"])
  }

  @Test func fiftySamplesIntoTenThousandParametersIsTooLittleData() throws {
    var rng = SeededGenerator(seed: 4)
    let data = try prepared(Synthetic.blobs(classes: 3, features: 10, n: 63, using: &rng), standardize: true)
    let result = try diagnose(
      data, "dense 100 relu; dense 80 relu; dense 3 softmax", TrainingConfig(epochs: 10, batchSize: 16, seed: 1))
    #expect(result.setup.parameterCount > 9000)
    expectTop(result.report, in: ["too-little-data"])
  }

  @Test func sgdAtLearningRate1e6IsTooLow() throws {
    let data = try prepared(load("iris"), standardize: true)
    let config = TrainingConfig(epochs: 10, batchSize: 16, optimizer: .sgd(), learningRate: .constant(1e-6), seed: 1)
    let result = try diagnose(data, "dense 16 relu; dense 3 softmax", config)
    expectTop(result.report, in: ["lr-too-low"])
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
    let fix = try #require(result.report.top?.fixes.last)
    #expect(fix.rendered == "line 3: dense 3 softmax init: normal(10)  →  dense 3 softmax")
  }

  // MARK: Healthy setups: no warning at all

  @Test func digitsWithAdamIsHealthy() throws {
    let data = try prepared(load("digits"), standardize: true)
    let result = try diagnose(
      data, "dense 128 relu; dense 10 softmax", TrainingConfig(epochs: 15, batchSize: 64, seed: 1))
    expectHealthy(result.report)
  }

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

  @Test func irisIsHealthy() throws {
    let data = try prepared(load("iris"), standardize: true)
    let result = try diagnose(
      data, "dense 16 relu; dense 3 softmax",
      TrainingConfig(epochs: 60, batchSize: 16, learningRate: .constant(0.01), seed: 1))
    expectHealthy(result.report)
  }

  @Test func standardizedWineWithSGDMomentumIsHealthy() throws {
    let data = try prepared(load("wine"), standardize: true)
    let result = try diagnose(
      data, "dense 16 tanh; dense 3 softmax",
      TrainingConfig(epochs: 40, batchSize: 16, optimizer: .sgd(momentum: 0.9), learningRate: .constant(0.01), seed: 1))
    expectHealthy(result.report)
  }

  @Test func moonsWithRMSPropIsHealthy() throws {
    let data = try prepared(moons(n: 400), standardize: true)
    let result = try diagnose(
      data, "dense 32 relu; dense 32 relu; dense 2 softmax",
      TrainingConfig(epochs: 40, optimizer: .rmsprop(), learningRate: .constant(0.005), seed: 1))
    expectHealthy(result.report)
  }

  @Test func regressionIsHealthy() throws {
    var rng = SeededGenerator(seed: 3)
    let data = try prepared(Synthetic.regression(features: 3, n: 300, using: &rng), standardize: true)
    let result = try diagnose(
      data, "dense 16 relu; dense 1", TrainingConfig(epochs: 40, learningRate: .constant(0.01), seed: 1))
    expectHealthy(result.report)
  }

  @Test func breastCancerWithOneSigmoidOutputIsHealthy() throws {
    let data = try prepared(load("breast_cancer"), standardize: true)
    let result = try diagnose(
      data, "dense 16 relu; dropout 0.2; dense 1 sigmoid", TrainingConfig(epochs: 30, optimizer: .adamw(), seed: 1))
    expectHealthy(result.report)
  }

  @Test func blobsWithAdagradAndBatchNormAreHealthy() throws {
    var rng = SeededGenerator(seed: 9)
    let data = try prepared(Synthetic.blobs(classes: 4, features: 5, n: 400, using: &rng), standardize: true)
    let result = try diagnose(
      data, "dense 32 gelu; bn; dense 4 softmax",
      TrainingConfig(epochs: 25, optimizer: .adagrad(), learningRate: .constant(0.05), seed: 1))
    expectHealthy(result.report)
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
