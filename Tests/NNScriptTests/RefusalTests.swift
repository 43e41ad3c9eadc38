import Testing

@testable import NNScript

/// A network that does not fit its data is refused as a setup error: the error points at the
/// user's layer with its code, `doctor` shows the finding, and `fix` repairs it.
struct RefusalTests {
  /// A network the compiler cannot build for its data, the code it is refused with, and the
  /// fix the finding offers first.
  struct Case: CustomTestStringConvertible, Sendable {
    let data: String
    let net: String
    let code: String
    let message: String
    let fix: String
    var testDescription: String { "\(net) on \(data)" }
  }

  static let cases: [Case] = [
    Case(
      data: "minmax(load(\"digits\"))", net: "lstm 16; dense 10 softmax", code: "shape-mismatch",
      message: "lstm needs a sequence (steps × features), but the data's samples are 8×8×1",
      fix: "data = reshape(data, 8, 8)"),
    Case(
      data: "standardize(load(\"breast_cancer\"))", net: "gru 8; dense 2 softmax", code: "shape-mismatch",
      message: "gru needs a sequence (steps × features), but the data's samples are 30 flat features",
      fix: "data = reshape(data, 30, 1)"),
    Case(
      data: "reshape(minmax(load(\"digits\")), 8, 8)", net: "rnn 16 relu; gru 8; dense 10 softmax",
      code: "shape-mismatch", message: "gru needs a sequence (steps × features), but its input is 16",
      fix: "rnn 16 relu seq: true"),
    Case(
      data: "load(\"digits\")", net: "embedding 17 8; gru 8; dense 10 softmax", code: "shape-mismatch",
      message: "embedding needs a sequence of tokens (T, or T×1), but the data's samples are 8×8×1",
      fix: "data = reshape(data, 64, 1)"),
    Case(
      data: "standardize(load(\"digits\"))", net: "dense 32 relu; dense 2 softmax", code: "label-range",
      message: "the output layer has 2 units, but the data has 10 classes, so some labels can never be predicted",
      fix: "dense 10 softmax"),
    Case(
      data: "standardize(load(\"wine\"))", net: "dense 16 relu; dense 1 softmax", code: "label-range",
      message: "the output layer has 1 unit, but the data has 3 classes, so some labels can never be predicted",
      fix: "dense 3 softmax"),
    Case(
      data: "standardize(load(\"iris\"))", net: "dense 16 relu; dense 10 softmax init: glorot", code: "output-mismatch",
      message: "the output layer has 10 units, but the data has 3 classes: the extra units stand for no class",
      fix: "dense 3 softmax init: glorot"),
    Case(
      data: "standardize(load(\"iris\"))", net: "dense 16 relu; relu", code: "output-mismatch",
      message: "the output layer has 16 units, but the data has 3 classes: the extra units stand for no class",
      fix: "relu; dense 3 softmax"),
    Case(
      data: "standardize(load(\"diabetes\"), true)", net: "dense 16 relu; dense 4", code: "output-mismatch",
      message: "the output layer has 4 units, but the data has one value to predict per sample", fix: "dense 1"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv2d 8 3 relu; maxpool 2; flatten", code: "output-mismatch",
      message: "the network has no dense layer to produce an output", fix: "flatten; dense 10 softmax"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv2d 8 3 relu; gap; softmax", code: "output-mismatch",
      message: "the network has no dense layer to produce an output", fix: "dense 10 softmax"),
    Case(
      data: "standardize(load(\"breast_cancer\"))", net: "conv1d 8 3 relu; maxpool 2; flatten; dense 2 softmax",
      code: "shape-mismatch",
      message: "conv1d needs a sequence (length × channels), but the data's samples are 30 flat features",
      fix: "data = reshape(data, 30, 1)"),
    Case(
      data: "standardize(load(\"iris\"))", net: "conv2d 4 2 relu; flatten; dense 3 softmax", code: "shape-mismatch",
      message: "conv2d needs an image (height × width × channels), but the data's samples are 4 flat features",
      fix: "data = reshape(data, 2, 2, 1)"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv1d 8 3 relu; flatten; dense 10 softmax", code: "shape-mismatch",
      message: "conv1d needs a sequence (length × channels), but the data's samples are 8×8×1", fix: "conv2d 8 3 relu"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv2d 8 9 relu; gap; dense 10 softmax", code: "shape-mismatch",
      message: "the 9×9 kernel is larger than the data's 8×8×1 samples", fix: "conv2d 8 8 relu"),
    Case(
      data: "minmax(load(\"digits\"))", net: "maxpool 16; flatten; dense 10 softmax", code: "shape-mismatch",
      message: "maxpool 16 leaves nothing of the data's 8×8×1 samples", fix: "maxpool 8"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv2d 8 3 relu; dense 10 softmax", code: "shape-mismatch",
      message: "dense needs a flat input, but its input is 6×6×8", fix: "flatten; dense 10 softmax"),
    Case(
      data: "minmax(load(\"digits\"))", net: "conv2d 8 3 relu; maxpool 2; conv2d 10 3 softmax", code: "shape-mismatch",
      message: "a softmax over the 1×1×10 output would mix positions and channels",
      fix: "conv2d 10 3 relu; gap; dense 10 softmax"),
  ]

  @Test(arguments: cases)
  func aNetworkThatDoesNotFitItsDataIsRefusedWithItsCode(_ given: Case) throws {
    let (engine, output, errors, outcome) = Support.run(
      """
      seed 1
      data = split(\(given.data), 0.8)
      net < \(given.net) >
      train epochs: 2 batch: 32 quiet: true
      """)
    #expect(outcome.status == .failed)
    let error = try #require(outcome.diagnostics.last)
    #expect(error.severity == .error)
    #expect(error.message == "\(given.code): \(given.message)", "\(errors)")
    #expect(error.label == "fix: \(given.fix)")
    #expect(error.range?.line == 3, "the error points at the network's line")

    let doctor = engine.run(SourceFile(name: "session", text: "d = doctor"))
    #expect(doctor.status == .success)
    #expect(Self.strings(Support.member(engine[variable: "d"], "codes")) == [given.code], "\(output)")
  }

  /// Each fix the refusal offers is valid nnscript that `fix` applies: the repaired run trains.
  @Test(arguments: cases)
  func fixRepairsARefusedNetwork(_ given: Case) throws {
    let (engine, output, errors, _) = Support.run(
      """
      seed 1
      data = split(\(given.data), 0.8)
      net < \(given.net) >
      train epochs: 2 batch: 32 quiet: true
      """)
    let fix = engine.run(SourceFile(name: "session", text: "f = fix budget: 1"))
    #expect(fix.status == .success, "\(errors)\(DiagnosticRenderer().render(fix.diagnostics))")
    #expect(Support.number(Support.member(engine[variable: "f"], "before")) == nil, "the refused run has no score")
    #expect(Support.number(Support.member(engine[variable: "f"], "after")) != nil, "the fixed run trains: \(output)")
    #expect(Self.strings(Support.member(engine[variable: "f"], "fixes")) == [given.fix], "\(output)")
  }

  /// An interactive session forgets a failed statement, but keeps a refused run for `fix`.
  @Test func anInteractiveSessionFixesARefusedRun() throws {
    let engine = Engine(output: { _ in })
    for line in ["seed 1", "data = split(standardize(load(\"iris\")), 0.8)", "net < dense 16 relu; dense 2 softmax >"] {
      #expect(engine.evaluate(SourceFile(name: "repl", text: line)).status == .success)
    }
    let train = engine.evaluate(SourceFile(name: "repl", text: "train epochs: 10 batch: 16 quiet: true"))
    #expect(train.status == .failed)
    #expect(train.diagnostics.last?.message.hasPrefix("label-range: ") == true)
    #expect(engine.evaluate(SourceFile(name: "repl", text: "f = fix budget: 1")).status == .success)
    #expect(Self.strings(Support.member(engine[variable: "f"], "fixes")) == ["dense 3 softmax"])
  }

  /// Digit labels read as numbers into a ten-unit softmax: the evidence names the likely cause.
  @Test func classLabelsReadAsValuesAreNamedInTheEvidence() throws {
    let (engine, _, _, _) = Support.run(
      """
      data = split(minmax(csv("\(Support.root.path)/Tests/Scenarios/data/digits-255.csv", "digit", classify: false)), 0.8)
      net < dense 32 relu; dense 10 softmax >
      train epochs: 1 quiet: true
      """)
    _ = engine.run(SourceFile(name: "session", text: "d = doctor"))
    let evidence = Self.strings(
      Support.member(Support.member(engine[variable: "d"], "findings").flatMap(Self.first), "evidence"))
    #expect(
      evidence.contains { $0.hasPrefix("its values are 10 whole numbers from 0 to 9: class labels read as values?") },
      "\(evidence)")
  }

  /// A network that fits its data is not refused by the fit checks, and its warnings still come.
  @Test func aFittingNetworkIsNotRefused() throws {
    let (_, _, errors, outcome) = Support.run(
      """
      seed 1
      data = split(load("wine"), 0.8)
      net < dense 8 relu; dense 3 softmax >
      train epochs: 1
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(errors.contains("unscaled-input"))
  }

  private static func first(_ value: Value) -> Value? {
    if case .list(let items) = value { items.first } else { nil }
  }

  private static func strings(_ value: Value?) -> [String] {
    guard case .list(let items)? = value else { return [] }
    return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
  }
}
