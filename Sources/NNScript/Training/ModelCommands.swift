import NNCore

/// `eval`, `summary` and `reset`: what the session's trained network does beside training.
struct ModelCommands: Command {
  let interpreter: Interpreter

  /// `eval`: the trained network's metrics on the part of the data held back longest: loss,
  /// accuracy, and the metrics of `EvaluationMetrics`.
  func evaluateModel(on given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    let model = try trainedModel(for: "eval", at: range)
    let dataset = try dataset(given, for: "eval", at: range)
    // The part held back longest: test, else validation; a split dataset is never scored on
    // the rows it trained on. `on: data.train` scores those on purpose.
    let (rows, part) = Self.scoredPart(of: dataset)
    guard (dataset.targets.classNames == nil) == (model.classNames == nil) else {
      throw Diagnostic(
        error: model.classNames == nil
          ? "the network predicts values, and this data's target is classes"
          : "the network predicts classes, and this data's target is values",
        at: given?.range ?? range)
    }
    let samples = try Diagnostic.pointingCoreErrors(at: given?.range ?? range, in: nil) {
      try model.trainingSet(dataset, rows: rows)
    }
    let evaluation = try Diagnostic.pointingCoreErrors(at: range, in: model.description) {
      try model.network.evaluate(samples, loss: model.trainer?.loss)
    }
    var fields: [(String, Value)] = [("loss", .number(evaluation.loss.asScriptNumber))]
    if let acc = evaluation.accuracy { fields.append(("acc", .number(acc.asScriptNumber))) }
    fields.append(("samples", .number(Double(rows.count))))
    fields.append(("part", .string(part)))
    let metrics = try Diagnostic.pointingCoreErrors(at: range, in: model.description) {
      // The samples `evaluate` scored, prepared once.
      try EvaluationMetrics(model: model, features: samples.features, dataset: dataset, rows: rows, part: part)
    }
    for text in metrics.notes { note(Diagnostic(severity: .note, message: text, at: range)) }
    return .record(Record(fields + metrics.fields))
  }

  /// The rows `eval` scores and what it calls them: the test part, else the validation part,
  /// else (a split that holds nothing back) the training part; every row of an unsplit dataset.
  static func scoredPart(of dataset: Dataset) -> (rows: [Int], part: String) {
    guard let split = dataset.split else { return (Array(0..<dataset.count), "all") }
    if !split.test.isEmpty { return (split.test, "test") }
    if !split.validation.isEmpty { return (split.validation, "validation") }
    return (split.train, "train")
  }

  /// `summary`: the trained network's layers, or the current network described without
  /// building it.
  func printSummary(at range: SourceRange) throws {
    let summary: [LayerSummary]
    let footer: String
    if let model = workspace.model,
      workspace.currentNetwork.map({ $0.description == model.description.description }) ?? true
    {
      (summary, footer) = (model.network.summary, model.network.summaryFooter)
    } else {
      guard let description = workspace.currentNetwork else {
        throw Diagnostic(error: "there is no network to summarise", at: range).expecting("net < … > before this line")
      }
      // The network is described, not built: a summary allocates no weights.
      let outline = try NetworkCompiler(network: description, dataset: try dataset(nil, for: "summary", at: range))
        .outline()
      summary = outline.layers
      footer = Network.summaryFooter(
        inputShape: outline.input,
        parameterCount: outline.layers.map(\.parameterCount).reduce(0) {
          let (sum, overflow) = $0.addingReportingOverflow($1)
          return overflow ? .max : sum
        })
    }
    output(SummaryTable(layers: summary, footer: footer).rendered)
  }

  /// `reset`: fresh weights for the trained network, and no optimiser state.
  func resetModel(at range: SourceRange) throws {
    let model = try trainedModel(for: "reset", at: range)
    model.network.initialize(seed: drawSeed())
    model.trainer = nil
    model.lineage = []
  }
}
