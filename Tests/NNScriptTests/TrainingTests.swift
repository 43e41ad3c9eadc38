import Testing

@testable import NNScript

/// `train`, `eval`, `summary`, `reset` and `predict` from scripts.
struct TrainingTests {
  @Test func theCanonicalDigitsSessionRunsAsWritten() throws {
    let script = """
      seed 7
      data = load("digits")
      data = standardize(data)
      data = split(data, 0.8)

      net < dense 128 relu; bn; dense 10 softmax >
      r = train epochs: 30 batch: 64 opt: adam lr: exp(1e-2, 0.5, 20) clip: 1.0
      print r.val_acc
      assert r.val_acc > 0.95, "digits should be easy"
      """
    let (engine, output, _, outcome) = Support.run(script)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    let accuracy = try #require(Support.number(Support.member(engine[variable: "r"], "val_acc")))
    #expect(accuracy > 0.95)
    #expect(output.hasPrefix("trained 30 epochs in "))
  }

  @Test func trainingAgainContinuesAndResetStartsOver() throws {
    let (engine, _, _, outcome) = Support.run(
      """
      seed 1
      data = split(standardize(load("iris")), 0.8)
      net < dense 16 relu; dense 3 softmax >
      a = train epochs: 60 quiet: true
      b = train epochs: 1 quiet: true
      reset
      c = train epochs: 1 quiet: true
      first = a.history[0].loss
      last = a.loss
      continued = b.history[0].loss
      restarted = c.history[0].loss
      """)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    let first = try #require(Support.number(engine[variable: "first"]))
    let last = try #require(Support.number(engine[variable: "last"]))
    let continued = try #require(Support.number(engine[variable: "continued"]))
    let restarted = try #require(Support.number(engine[variable: "restarted"]))
    #expect(last < first / 2)
    #expect(continued < (first + last) / 2, "the second train starts from the trained weights")
    #expect(restarted > (first + last) / 2, "reset starts from fresh weights")
  }

  @Test func theSameSeedGivesTheSameRun() throws {
    let script = """
      seed 3
      data = split(standardize(load("wine")), 0.8)
      net < dense 8 tanh; dropout 0.2; dense 3 softmax >
      r = train epochs: 5 quiet: true
      loss = r.val_loss
      """
    let a = Support.run(script)
    let b = Support.run(script)
    #expect(
      Support.number(a.engine[variable: "loss"]) != nil
        && Support.number(a.engine[variable: "loss"]) == Support.number(b.engine[variable: "loss"]))
  }

  @Test func anOutputLayerThatDoesNotFitTheDataPointsAtTheLayer() throws {
    let (_, _, _, outcome) = Support.run(
      "data = load(\"iris\")\nnet < dense 8 relu; dense 10 softmax >\ntrain epochs: 1")
    let error = try #require(outcome.diagnostics.last)
    #expect(
      error.message
        == "output-mismatch: the output layer has 10 units, but the data has 3 classes: the extra units stand for no class"
    )
    #expect(error.range?.text == "dense 10 softmax" && error.range?.line == 2)
    #expect(error.label == "fix: dense 3 softmax")
  }

  @Test func optionValuesAreChecked() throws {
    let cases: [(String, String)] = [
      ("epochs: -1", "epochs: expects a whole number ≥ 0, found -1"),
      ("batch: 0.5", "batch: expects a whole number ≥ 1, found 0.5"),
      ("lr: -0.1", "lr: the learning rate must be above 0, found -0.1"),
      ("opt: sgd(momentum: 1.5)", "the momentum must be at least 0 and below 1"),
      ("clip: 0", "clip: expects a number above 0, found 0"),
      ("weights: [1, 2]", "weights: expects 3 numbers ≥ 0, one per class"),
      ("shuffle: 1", "shuffle: expects true or false, found number"),
      ("quiet: 1", "quiet: expects true or false, found number"),
      ("on: 3", "on: expects a dataset, found number"),
      ("lr: step(0.1, 0.5, 1e300)", "step: every must be a whole number ≥ 0, found 1e+300"),
      ("lr: warmup(2.5, cosine(0.1, 10))", "warmup: epochs must be a whole number ≥ 0, found 2.5"),
      ("clip: 1e400", "clip: expects a finite number, found inf"),
    ]
    for (option, message) in cases {
      let options = option.hasPrefix("epochs") ? option : "epochs: 1 \(option)"
      let (_, _, _, outcome) = Support.run("data = load(\"iris\")\nnet < dense 3 softmax >\ntrain \(options)")
      #expect(outcome.diagnostics.last?.message == message, "\(option)")
    }
  }

  @Test func withoutAValidationPartTwentyPercentIsHeldOut() throws {
    let (engine, _, _, outcome) = Support.run(
      "data = load(\"iris\")\nnet < dense 3 softmax >\nr = train epochs: 2 quiet: true")
    #expect(
      outcome.diagnostics.contains { $0.severity == .note && $0.message.hasPrefix("the data has no validation part") })
    guard case .run(let r) = engine[variable: "r"] else {
      Issue.record("no run")
      return
    }
    #expect(r.member("val_acc") != nil)
  }

  @Test func evalSummaryAndPredict() throws {
    let (engine, output, _, outcome) = Support.run(
      """
      seed 2
      raw = load("iris")
      data = split(standardize(raw), 0.6, 0.2)
      net < dense 16 relu; dense 3 softmax >
      train epochs: 60 quiet: true
      m = eval
      summary
      labels = predict(data)
      one = predict([5.1, 3.5, 1.4, 0.2])
      """)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    guard case .record(let m) = engine[variable: "m"], case .number(let samples) = m["samples"],
      case .number(let acc) = m["acc"]
    else {
      Issue.record("eval returned no record")
      return
    }
    #expect(samples == 30 && acc > 0.8)
    #expect(output.contains("dense 16 relu") && output.contains("input width 4, 131 parameters"))
    guard case .list(let labels) = engine[variable: "labels"] else {
      Issue.record("an expected value is missing")
      return
    }
    #expect(labels.count == 150)
    #expect(engine[variable: "one"]?.description == "\"setosa\"", "a raw sample gets the training data's preparation")
  }

  @Test func regressionPredictsInTheTargetsOwnUnits() throws {
    let (engine, _, _, outcome) = Support.run(
      """
      seed 4
      data = split(standardize(regression(features: 2, n: 400, noise: 0.01), target: true), 0.8)
      net < dense 16 tanh; dense 1 >
      r = train epochs: 80 quiet: true
      p = predict(data)
      """)
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    guard case .run(let r) = engine[variable: "r"], case .number(let loss) = r.member("val_loss") else {
      Issue.record("an expected value is missing")
      return
    }
    #expect(loss < 0.05)
  }

  @Test func commandsThatNeedATrainedNetworkSaySo() {
    for command in ["eval", "reset", "x = predict([1, 2])"] {
      let (_, _, _, outcome) = Support.run(command)
      #expect(outcome.status == .failed, "\(command)")
      #expect(outcome.diagnostics.last?.message.contains("train") == true, "\(command)")
    }
  }
}
