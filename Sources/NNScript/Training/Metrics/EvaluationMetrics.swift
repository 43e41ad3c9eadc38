import NNCore

/// What `eval` says beside loss and accuracy, from the network's outputs on the rows it
/// scores. For classes: balanced accuracy, precision, recall and F1 per class and their macro
/// averages, ROC AUC (one class against the rest, averaged, for more than two) and the
/// confusion matrix. For values: MAE, RMSE and R² in the target's own units, the scaling the
/// data's preparation gave the target undone.
struct EvaluationMetrics {
  /// The fields, in the order `eval` gives them.
  private(set) var fields: [(String, Value)] = []
  /// What the numbers leave out, and why: a class absent from the part, an undefined R².
  private(set) var notes: [String] = []

  /// `rows` of `dataset`, called `part`, scored by `model` from `features`, those rows
  /// prepared as its training data was; a regression target is compared as read.
  init(model: Model, features: Matrix, dataset: Dataset, rows: [Int], part: String) throws {
    let outputs = try model.network.predict(features)
    let samples = (0..<outputs.rows).map { Array(outputs.row($0)) }
    switch dataset.sourceTargets {
    case .classes:
      let truth = try model.classes(of: dataset, rows: rows).map(Int.init)
      classification(samples, truth: truth, names: model.classNames ?? [], model: model, part: part)
    case .values(let values):
      let predicted = samples.map { Double(model.preparation.unscaled($0[0])) }
      regression(RegressionMetrics(predicted: predicted, actual: rows.map { Double(values[$0]) }), part: part)
    }
  }

  private mutating func classification(
    _ outputs: [[Float]], truth: [Int], names: [String], model: Model, part: String
  ) {
    let probabilities = outputs.map { model.probabilities($0) }
    let predicted = zip(outputs, probabilities).map { ClassOutputs.predicted($0, probabilities: $1) }
    let confusion = ConfusionMatrix(classes: names, truth: truth, predicted: predicted)
    let metrics = ClassificationMetrics(confusion)
    func perClass(_ values: [Double?]) -> Value {
      .record(Record(zip(names, values).map { ($0, Self.number($1)) }))
    }
    fields += [
      ("balanced_acc", Self.number(metrics.balancedAccuracy)),
      ("precision", perClass(metrics.precision)), ("recall", perClass(metrics.recall)), ("f1", perClass(metrics.f1)),
      ("macro_precision", Self.number(metrics.macroPrecision)), ("macro_recall", Self.number(metrics.macroRecall)),
      ("macro_f1", Self.number(metrics.macroF1)),
    ]
    let absent = metrics.absent.map { names[$0] }
    if !absent.isEmpty {
      notes.append(
        "the \(part) part has no sample of \(Self.list(absent)): precision, recall and F1 of "
          + "\(absent.count == 1 ? "it" : "them") are none, and the macro averages are over the classes present")
    }
    // A network whose outputs are no probabilities still ranks the samples by them.
    let scores = zip(outputs, probabilities).map { output, p in p ?? output.map(Double.init) }
    if names.count == 2 {
      let auc = ROCAUC.area(scores: scores.map { $0[$0.count - 1] }, positive: truth.map { $0 == 1 })
      fields.append(("auc", Self.number(auc)))
      if auc == nil, absent.count == 1 {
        notes.append("auc is none: the \(part) part holds only \(names[1 - names.firstIndex(of: absent[0])!])")
      }
    } else {
      let perClass = ROCAUC.oneVsRest(scores: scores, truth: truth, classes: names.count)
      let defined = perClass.compactMap { $0 }
      fields.append(("auc", Self.number(defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count))))
      fields.append(("auc_per_class", .record(Record(zip(names, perClass).map { ($0, Self.number($1)) }))))
      let undefined = names.indices.filter { perClass[$0] == nil }.map { names[$0] }
      if !undefined.isEmpty {
        notes.append(
          "auc leaves out \(Self.list(undefined)): one against the rest needs samples of the class and of others "
            + "in the \(part) part")
      }
    }
    fields.append(("confusion", confusion.value))
  }

  private mutating func regression(_ metrics: RegressionMetrics, part: String) {
    fields += [("mae", Self.number(metrics.mae)), ("rmse", Self.number(metrics.rmse)), ("r2", Self.number(metrics.r2))]
    if metrics.r2 == nil { notes.append("r2 is none: the target does not vary over the \(part) part") }
  }

  /// A metric as scripts see it: rounded as Float metrics are, none where undefined.
  private static func number(_ x: Double?) -> Value {
    guard let x, !x.isNaN else { return .none }
    return .number(Float(x).asScriptNumber)
  }

  private static func list(_ names: [String]) -> String {
    names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
  }
}
