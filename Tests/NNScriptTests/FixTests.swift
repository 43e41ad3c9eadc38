import Testing

@testable import NNScript

/// `fix` applies the doctor's suggestions one at a time, keeps what helps, and says so.
struct FixTests {
  /// Digits, whose 360 validation rows tell a real gain from noise (iris's 30 rarely can).
  @Test func adamAtLearningRate1ReachesTheHealthyAccuracy() throws {
    let (engine, output, _, outcome) = Support.run(
      """
      seed 1
      data = split(standardize(load("digits")), 0.8)
      net < dense 64 relu; dense 64 relu; dense 10 softmax >
      healthy = train epochs: 10 batch: 32 quiet: true
      net < dense 64 relu; dense 64 relu; dense 10 softmax >
      broken = train epochs: 10 batch: 32 opt: adam lr: 1 quiet: true
      f = fix
      """)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    guard case .run(let healthy) = engine[variable: "healthy"], case .number(let target) = healthy.member("val_acc"),
      case .number(let before) = Support.member(engine[variable: "f"], "before"),
      case .number(let after) = Support.member(engine[variable: "f"], "after")
    else {
      Issue.record("missing results")
      return
    }
    #expect(before < target, "the broken run is worse than the healthy one")
    #expect(after >= target, "fix reaches the healthy run's accuracy")
    #expect(output.contains("the script with these fixes:"))
    #expect(output.contains("- broken = train epochs: 10 batch: 32 opt: adam lr: 1 quiet: true"))
    guard case .list(let fixes) = Support.member(engine[variable: "f"], "fixes") else {
      Issue.record("an expected value is missing")
      return
    }
    #expect(!fixes.isEmpty)
  }

  @Test func aLayerFixEditsTheUsersOwnLine() throws {
    let (engine, output, _, outcome) = Support.run(
      """
      seed 2
      data = split(standardize(load("digits")), 0.8)
      net < dense 1 tanh; dense 10 softmax >
      r = train epochs: 8 quiet: true
      f = fix budget: 2
      """)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    guard case .number(let before) = Support.member(engine[variable: "f"], "before"),
      case .number(let after) = Support.member(engine[variable: "f"], "after")
    else {
      Issue.record("an expected value is missing")
      return
    }
    #expect(after > before + 0.2, "a wider layer helps a 1-unit bottleneck: \(before) → \(after)")
    #expect(output.contains("- net < dense 1 tanh; dense 10 softmax >"))
  }

  @Test func aHealthyRunHasNothingToFix() throws {
    let (_, output, _, outcome) = Support.run(
      """
      seed 3
      data = split(standardize(load("iris")), 0.8)
      net < dense 16 relu; dense 3 softmax >
      train epochs: 40 lr: 0.01 quiet: true
      fix
      """)
    #expect(outcome.status == .success)
    #expect(output.contains("fix: the doctor has nothing to fix"))
  }

  @Test func fixNeedsARun() {
    let (_, _, _, outcome) = Support.run("fix")
    #expect(outcome.diagnostics.last?.message == "there is no run to fix: train first")
  }
}
