import NNCore
import Testing

@testable import NNScript

/// `eval`'s metrics and `predict(x, probs: true)` from scripts and from the host.
struct EvalMetricsTests {
  private static let iris = """
    seed 2
    data = split(standardize(load("iris")), 0.6, 0.2)
    net < dense 16 relu; dense 3 softmax >
    train epochs: 60 quiet: true
    e = eval
    labels = predict(data)
    probs = predict(data, probs: true)
    one = predict([5.1, 3.5, 1.4, 0.2], probs: true)
    """

  @Test func evalOnASplitIrisGivesEveryMetric() throws {
    let (engine, _, errors, outcome) = Support.run(Self.iris)
    #expect(outcome.status == .success, "\(errors)")
    let e = engine[variable: "e"]
    for field in [
      "loss", "acc", "samples", "part", "balanced_acc", "precision", "recall", "f1", "macro_precision",
      "macro_recall", "macro_f1", "auc", "auc_per_class", "confusion",
    ] {
      #expect(Support.member(e, field) != nil, "eval has no \(field)")
    }
    let macroF1 = try #require(Support.number(Support.member(e, "macro_f1")))
    #expect(macroF1 > 0 && macroF1 <= 1)
    let auc = try #require(Support.number(Support.member(e, "auc")))
    #expect(auc >= 0.5 && auc <= 1)
    // The confusion matrix counts the samples scored, and its diagonal is the accuracy.
    let confusion = try #require(ConfusionMatrix(Support.member(e, "confusion")))
    #expect(confusion.classes == ["setosa", "versicolor", "virginica"])
    #expect(confusion.total == 30)
    let acc = try #require(Support.number(Support.member(e, "acc")))
    #expect(abs(Double(confusion.correct) / 30 - acc) < 1e-6)
    // Recall read from the record is the row's diagonal share.
    let recall = try #require(Support.number(Support.member(Support.member(e, "recall"), "versicolor")))
    #expect(abs(recall - Double(confusion.counts[1][1]) / Double(confusion.support(1))) < 1e-6)
  }

  @Test func probabilitiesSumToOneAndAgreeWithTheClassesPredicted() throws {
    let (engine, _, errors, outcome) = Support.run(Self.iris)
    #expect(outcome.status == .success, "\(errors)")
    guard case .list(let rows) = engine[variable: "probs"], case .list(let labels) = engine[variable: "labels"] else {
      throw EvalFailure("predict gave no lists")
    }
    #expect(rows.count == 150)
    for (row, label) in zip(rows, labels) {
      let p = try #require(ClassProbabilities(row))
      #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-5)
      #expect(p.probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
      #expect(Value.string(p.mostLikely).isEqual(to: label))
    }
    let one = try #require(ClassProbabilities(engine[variable: "one"]))
    #expect(one.mostLikely == "setosa" && one.classes == ["setosa", "versicolor", "virginica"])
    // The host asks the same network and gets the same numbers.
    let host = try engine.classProbabilities(of: [[5.1, 3.5, 1.4, 0.2]])
    #expect(host == [one])
  }

  @Test func oneSigmoidUnitGivesBothClassesProbabilities() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 3
      data = split(standardize(moons(n: 300, noise: 0.2)), 0.8)
      net < dense 16 relu; dense 1 sigmoid >
      train epochs: 30 quiet: true
      e = eval
      p = predict(data, probs: true)
      """)
    #expect(outcome.status == .success, "\(errors)")
    guard case .list(let rows) = engine[variable: "p"] else { throw EvalFailure("no probabilities") }
    for row in rows {
      let p = try #require(ClassProbabilities(row))
      #expect(p.probabilities.count == 2 && abs(p.probabilities.reduce(0, +) - 1) < 1e-6)
    }
    let auc = try #require(Support.number(Support.member(engine[variable: "e"], "auc")))
    #expect(auc > 0.8 && auc <= 1)
    #expect(Support.member(engine[variable: "e"], "auc_per_class") == nil, "two classes have one AUC")
  }

  @Test func probabilitiesOfARegressionAreAnError() {
    let (_, _, errors, outcome) = Support.run(
      """
      data = split(regression(features: 2, n: 100), 0.8)
      net < dense 1 >
      train epochs: 1 quiet: true
      p = predict([1, 2], probs: true)
      """)
    #expect(outcome.status == .failed)
    #expect(errors.contains("probs: the network predicts values, not classes"), "\(errors)")
  }

  /// The target is standardised for training; `eval` says its errors in the target's units,
  /// which for diabetes spread over tens, not over the scaled target's one.
  @Test func regressionMetricsAreInTheTargetsOwnUnits() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 5
      raw = load("diabetes")
      data = split(standardize(raw, target: true), 0.8)
      net < dense 16 relu; dense 1 >
      train epochs: 40 quiet: true
      e = eval
      p = predict(data)
      """)
    #expect(outcome.status == .success, "\(errors)")
    let e = engine[variable: "e"]
    guard case .dataset(let raw) = engine[variable: "raw"], case .values(let targets) = raw.dataset.targets,
      case .dataset(let data) = engine[variable: "data"], case .list(let predictions) = engine[variable: "p"]
    else { throw EvalFailure("no data or predictions") }
    let rows = data.dataset.split!.validation
    let errorsInUnits = rows.map { Support.number(predictions[$0])! - Double(targets[$0]) }
    let mae = errorsInUnits.map(abs).reduce(0, +) / Double(rows.count)
    let rmse = (errorsInUnits.map { $0 * $0 }.reduce(0, +) / Double(rows.count)).squareRoot()
    #expect(abs(Support.number(Support.member(e, "mae"))! - mae) < 1e-3 * mae)
    #expect(abs(Support.number(Support.member(e, "rmse"))! - rmse) < 1e-3 * rmse)
    // The scaled target's RMSE would be below 1; diabetes' spread (std ≈ 77) puts it in tens.
    #expect(rmse > 20 && rmse < 120)
    let r2 = try #require(Support.number(Support.member(e, "r2")))
    #expect(r2 > 0 && r2 < 1)
    #expect(Support.member(e, "acc") == nil && Support.member(e, "confusion") == nil)
  }

  @Test func aClassAbsentFromThePartIsSaidAndLeftOutOfTheMacroAUC() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 2
      data = standardize(load("iris"))
      net < dense 16 relu; dense 3 softmax >
      train epochs: 30 quiet: true
      """)
    #expect(outcome.status == .success, "\(errors)")
    guard case .dataset(let data) = engine[variable: "data"] else { throw EvalFailure("no data") }
    // iris' first 100 rows are setosa and versicolor.
    engine[variable: "two"] = .dataset(data.dataset.part(Array(0..<100), named: "two"))
    let run = engine.run(SourceFile(name: "absent.nns", text: "e = eval on: two"))
    #expect(run.status == .success)
    let notes = run.diagnostics.map(\.message)
    #expect(notes.contains { $0.contains("no sample of virginica") }, "\(notes)")
    #expect(notes.contains { $0.contains("auc leaves out virginica") }, "\(notes)")
    let e = engine[variable: "e"]
    #expect(Support.member(Support.member(e, "auc_per_class"), "virginica")?.isEqual(to: .none) == true)
    #expect(Support.member(Support.member(e, "recall"), "virginica")?.isEqual(to: .none) == true)
    let perClass = [
      Support.number(Support.member(Support.member(e, "auc_per_class"), "setosa"))!,
      Support.number(Support.member(Support.member(e, "auc_per_class"), "versicolor"))!,
    ]
    let auc = try #require(Support.number(Support.member(e, "auc")))
    #expect(abs(auc - (perClass[0] + perClass[1]) / 2) < 1e-6, "the macro AUC is over the classes present")
  }
}

extension EvalMetricsTests {
  /// `metrics:` measures on the validation part after every epoch: the last epoch's values
  /// are what `eval` says of that part, the history keeps each epoch's, and the progress
  /// events carry them.
  @Test func metricsFollowedEachEpochAreTheValidationParts() throws {
    var output = ""
    let engine = Engine(output: { output += $0 })
    var events: [EpochProgress] = []
    engine.onTraining = { if case .epoch(let p) = $0 { events.append(p) } }
    let outcome = engine.run(
      SourceFile(
        name: "followed.nns",
        text: """
          seed 4
          data = split(standardize(load("iris")), 0.8)
          net < dense 16 relu; dense 3 softmax >
          r = train epochs: 8 metrics: ["f1", "auc"] quiet: true
          e = eval
          """))
    #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
    let (r, e) = (engine[variable: "r"], engine[variable: "e"])
    #expect(Support.member(e, "part")?.isEqual(to: .string("validation")) == true)
    #expect(Support.member(r, "val_f1")?.isEqual(to: Support.member(e, "macro_f1")!) == true)
    #expect(Support.member(r, "val_auc")?.isEqual(to: Support.member(e, "auc")!) == true)
    guard case .list(let history) = Support.member(r, "history") else { throw EvalFailure("no history") }
    #expect(history.count == 8)
    for entry in history {
      let f1 = try #require(Support.number(Support.member(entry, "val_f1")))
      #expect(f1 >= 0 && f1 <= 1)
    }
    #expect(events.count == 8)
    #expect(events.allSatisfy { $0.validationMetrics.map(\.name) == ["val_f1", "val_auc"] })
    #expect(Support.member(history[0], "val_precision") == nil, "only the metrics asked for")
  }

  @Test func aMetricThatDoesNotFitTheTargetIsRefused() {
    let (_, _, errors, outcome) = Support.run(
      """
      data = split(regression(features: 2, n: 100), 0.8)
      net < dense 1 >
      train epochs: 1 metrics: ["auc"] quiet: true
      """)
    #expect(outcome.status == .failed)
    #expect(errors.contains("metrics: auc scores classes, and this dataset's target is a value"), "\(errors)")
  }
}

extension EvalMetricsTests {
  @Test func outputsThatAreNoProbabilitiesAreAnErrorForProbs() {
    let (_, _, errors, outcome) = Support.run(
      """
      data = standardize(load("iris"))
      net < dense 3 >
      train epochs: 1 loss: mse quiet: true
      p = predict([5.1, 3.5, 1.4, 0.2], probs: true)
      """)
    #expect(outcome.status == .failed)
    #expect(errors.contains("probs: the network's outputs are no probabilities"), "\(errors)")
  }

  @Test func foldsKeepTheMetricsEachFoldFollowed() throws {
    let (engine, output, errors, outcome) = Support.run(
      """
      seed 1
      data = standardize(load("iris"))
      net < dense 8 relu; dense 3 softmax >
      cv = train epochs: 3 folds: 3 metrics: ["f1"]
      """)
    #expect(outcome.status == .success, "\(errors)")
    let cv = engine[variable: "cv"]
    guard case .list(let folds) = Support.member(cv, "folds") else { throw EvalFailure("no folds") }
    let perFold = folds.compactMap { Support.number(Support.member($0, "val_f1")) }
    #expect(perFold.count == 3)
    let mean = try #require(Support.number(Support.member(cv, "val_f1")))
    #expect(abs(mean - perFold.reduce(0, +) / 3) < 1e-9)
    #expect(output.contains("val_f1"), "\(output)")
  }
}

extension EvalMetricsTests {
  /// The AUC of each class against the rest, counted pair by pair in the script from
  /// predict's probabilities, is eval's.
  @Test func evalsAUCIsThePairsEachClassRanksAboveTheRest() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 1
      data = split(standardize(load("iris")), 0.6, 0.2)
      net < dense 16 relu; dense 3 softmax >
      train epochs: 30 quiet: true
      e = eval
      t = data.test
      p = predict(t, probs: true)
      y = t.targets
      counted = {}
      for c in t.classes {
        won = 0
        pairs = 0
        for i in range(len(y)) {
          for j in range(len(y)) {
            if y[i] == c and y[j] != c {
              pairs = pairs + 1
              if p[i][c] > p[j][c] { won = won + 1 }
              if p[i][c] == p[j][c] { won = won + 0.5 }
            }
          }
        }
        counted[c] = won / pairs
      }
      """)
    #expect(outcome.status == .success, "\(errors)")
    let perClass = Support.member(engine[variable: "e"], "auc_per_class")
    for name in ["setosa", "versicolor", "virginica"] {
      let counted = try #require(Support.number(Support.member(engine[variable: "counted"], name)))
      let said = try #require(Support.number(Support.member(perClass, name)))
      #expect(abs(counted - said) < 1e-6, "\(name): \(counted) counted, \(said) said")
    }
  }
}

private struct EvalFailure: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
