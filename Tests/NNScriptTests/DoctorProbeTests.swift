import Foundation
import Testing

@testable import NNScript

/// The doctor ranks by evidence, puts symptoms under their cause, confirms its causes with
/// short probes, and `fix` keeps only what helps beyond noise, on the run the user saw.
struct DoctorProbeTests {
  private func finding(_ code: Finding.Code, strength: Double) -> Finding {
    Finding(code, .warning, cause: code.rawValue, strength: strength)
  }

  // MARK: Ranking

  @Test func strongerEvidenceRanksFirstWhateverTheCode() {
    // Ten sigmoid layers: a 1e-6 gradient share against 60 parameters a sample.
    let report = DoctorReport([
      finding(.tooLittleData, strength: Strength.above(60, 25)),
      finding(.vanishingGradients, strength: Strength.below(1e-6, 1e-3)),
    ])
    #expect(report.codes == ["vanishing-gradients", "too-little-data"])
  }

  @Test func aSymptomIsListedUnderItsCause() {
    let report = DoctorReport([
      finding(.dyingReLU, strength: 2), finding(.lrTooHigh, strength: 5), finding(.unshuffled, strength: 1),
    ])
    #expect(report.codes == ["lr-too-high", "dying-relu", "unshuffled"])
    #expect(report.findings[1].symptomOf == .lrTooHigh)
    #expect(report.causes.map(\.code) == [.lrTooHigh, .unshuffled])
    let text = report.rendered()
    #expect(text.contains("symptom of lr-too-high: dying-relu"), "\(text)")
    #expect(text.hasPrefix("doctor: 3 warnings (1 of them symptom of another)"), "\(text)")
  }

  @Test func whichOfTwoIsTheCauseIsDecidedByTheRun() {
    // Oscillation and dead relus: the stronger is the cause, the other its symptom.
    let batchOne = DoctorReport([finding(.dyingReLU, strength: 1.2), finding(.oscillation, strength: 4)])
    #expect(batchOne.codes == ["oscillation", "dying-relu"])
    #expect(batchOne.findings[1].symptomOf == .oscillation)
  }

  @Test func errorsRankBeforeAnyWarning() {
    let report = DoctorReport([
      finding(.lrTooHigh, strength: 50), Finding(.labelRange, .error, cause: "c", strength: Strength.certain),
    ])
    #expect(report.codes.first == "label-range")
  }

  // MARK: Probes

  @Test func thePlanFitsTheBudgetByTheRunsEpochsAlone() {
    // Three probes on two cores take two rounds: 70% of 10 epochs over 2 rounds is 3 each.
    #expect(ProbePlan.fitting(runs: 1, runEpochs: 10, cores: 2, weights: [1]) == ProbePlan(epochs: 3, candidates: 1))
    // Four candidates: six probes, three rounds, 2 epochs each.
    #expect(
      ProbePlan.fitting(runs: 1, runEpochs: 10, cores: 2, weights: [1, 1, 1, 1]) == ProbePlan(epochs: 2, candidates: 4))
    // A fix that doubles the epochs costs two probes.
    #expect(ProbePlan.fitting(runs: 1, runEpochs: 10, cores: 2, weights: [2]) == ProbePlan(epochs: 3, candidates: 1))
    #expect(ProbePlan.fitting(runs: 1, runEpochs: 100, cores: 2, weights: [1]) == ProbePlan(epochs: 20, candidates: 1))
    #expect(ProbePlan.fitting(runs: 1, runEpochs: 1, cores: 2, weights: [1]) == nil)
    #expect(ProbePlan.fitting(runs: 0.01, runEpochs: 50, cores: 2, weights: [1]) == nil)
  }

  /// Adam at lr 1 through two relu layers on digits: the run stays at chance.
  private let broken = """
    seed 1
    data = split(standardize(load("digits")), 0.8)
    net < dense 64 relu; dense 64 relu; dense 10 softmax >
    train epochs: 10 batch: 32 opt: adam lr: 1 quiet: true
    """

  @Test func aProbeConfirmsTheCauseAndSaysByHowMuch() throws {
    let (engine, output, errors, outcome) = Support.run(broken + "\nd = doctor\n")
    #expect(outcome.status == .success, "\(errors)")
    let top = try #require(Support.member(engine[variable: "d"], "findings").flatMap(Self.first))
    #expect(Support.member(top, "code").map(\.display) == "lr-too-high")
    #expect(Support.member(top, "confirmed").map(\.display) == "true", "\(output)")
    #expect(output.contains("confirmed: val_acc 0."), "\(output)")
    // The line may wrap before the probed value.
    #expect(output.contains("-epoch probe of lr:"), "\(output)")
    #expect(output.contains("probes: "), "\(output)")
  }

  @Test func probeFalseRanksByEvidenceAlone() throws {
    let (engine, output, errors, outcome) = Support.run(broken + "\nd = doctor probe: false\n")
    #expect(outcome.status == .success, "\(errors)")
    #expect(!output.contains("confirmed"), "\(output)")
    #expect(Support.member(engine[variable: "d"], "probes").map(\.display) == "none")
  }

  @Test func aBudgetTooSmallForAnyProbeIsSaid() throws {
    let (_, output, errors, outcome) = Support.run(broken + "\nd = doctor budget: 0.00001\n")
    #expect(outcome.status == .success, "\(errors)")
    #expect(output.contains("ranked by evidence alone"), "\(output)")
  }

  @Test func probesThatWouldNotFitTheMemoryAreNotRun() throws {
    // One network of the run fits in 400 KB; the four probes side by side do not.
    var options = Engine.Options()
    options.memoryLimit = 400_000
    var output = ""
    let engine = Engine(options: options, output: { output += $0 })
    let outcome = engine.run(SourceFile(name: "memory.nns", text: broken + "\nd = doctor\n"))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    #expect(output.contains("probes side by side need about"), "\(output)")
    #expect(output.contains("the host allows"), "\(output)")
  }

  @Test func aBudgetThatIsNotSecondsIsAnError() {
    let (_, _, errors, outcome) = Support.run(broken + "\ndoctor budget: -1\n")
    #expect(outcome.status != .success)
    #expect(errors.contains("budget: expects seconds"), "\(errors)")
  }

  // MARK: fix

  @Test func fixStartsFromTheRunTheUserSaw() throws {
    // Two trainings in a row: the second goes on from the first, and that is what fix retrains.
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 4
      data = split(standardize(load("digits")), 0.8)
      net < dense 32 relu; dense 10 softmax >
      first = train epochs: 2 quiet: true
      second = train epochs: 2 quiet: true
      f = fix budget: 1
      """)
    #expect(outcome.status == .success, "\(errors)")
    guard case .run(let second) = engine[variable: "second"], case .number(let seen) = second.member("val_acc"),
      case .number(let before) = Support.member(engine[variable: "f"], "before")
    else {
      Issue.record("missing results")
      return
    }
    #expect(abs(before - seen) < 1e-6, "fix's before \(before) is the run the user saw, \(seen)")
  }

  @Test func fixKeepsNoChangeOnRandomLabels() throws {
    let (engine, output, errors, outcome) = Support.run(
      """
      seed 1
      data = split(csv("\(Support.root.path)/Tests/Scenarios/data/random-labels.csv", "label"), 0.8)
      net < dense 64 relu; dense 64 relu; dense 2 softmax >
      train epochs: 30 quiet: true
      f = fix budget: 3
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(Support.member(engine[variable: "f"], "fixes").map(\.display) == "[]", "\(output)")
  }

  @Test func doctorAfterFixDescribesTheFixedRunAndSaysSo() throws {
    let (engine, output, errors, outcome) = Support.run(broken + "\nf = fix budget: 1\nd = doctor\n")
    #expect(outcome.status == .success, "\(errors)")
    #expect(output.contains("doctor: on the run fix kept, with "), "\(output)")
    #expect(Support.member(engine[variable: "d"], "subject").map(\.display).map { $0.contains("fix kept") } == true)
  }

  private static func first(_ value: Value) -> Value? {
    if case .list(let items) = value { items.first } else { nil }
  }
}
