import NNCore

/// `fix`: tries the doctor's fixes one at a time on the last run's recipe, retraining with the
/// same seed and epochs, keeps a change only when the validation metric improves, and shows
/// the result as a table and as script lines to paste.
extension Interpreter {
  func fix(budget given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    guard let original = lastRecipe else {
      throw Diagnostic(error: "there is no run to fix: train first", at: range)
    }
    var budget = 3
    if let (value, valueRange) = given {
      guard case .number(let n) = value, n >= 1, n == n.rounded(), n <= 100 else {
        throw Diagnostic(error: "budget: expects a whole number from 1 to 100", at: valueRange)
      }
      budget = Int(n)
    }
    var recipe = original
    let judge = FixJudge(original.dataset)
    // The baseline trains from fresh weights too, so every comparison is like for like. A
    // baseline the doctor refuses scores below anything that trains.
    let baseline = try attempt(recipe, judgedBy: judge)
    try checkInterrupt(at: range)
    var best = baseline
    var tried: Set<String> = []
    var rows: [(fix: String, before: Double?, after: Double?, kept: Bool)] = []  // metrics, as shown
    var kept: [Fix] = []
    for _ in 0..<budget {
      guard let fix = nextFix(best.report, skipping: tried) else { break }
      tried.insert(fix.text)
      let candidate = (try? change(for: fix, in: recipe)).map(recipe.with)
      let result = candidate.flatMap { try? attempt($0, judgedBy: judge) }
      // Ctrl-C stopped this retraining: a run cut short would be judged as if it had ended.
      try checkInterrupt(at: range)
      guard let candidate, let result, result.trained else {
        rows.append((fix.text, best.metric, nil, false))
        continue
      }
      let improved = result.score(judge: judge) > best.score(judge: judge)
      rows.append((fix.text, best.metric, result.metric, improved))
      if improved {
        recipe = candidate
        best = result
        kept.append(fix)
      }
    }
    output(Self.fixReport(rows, judge: judge, baseline: baseline, best: best, kept: kept, from: original, to: recipe))
    if let outcome = best.outcome { model = outcome.model }
    lastReport = best.report
    lastRecipe = recipe
    currentNetwork = recipe.network
    if recipe.options.values["on"] == nil, kept.contains(where: \.isDataChange) {
      environment.assign("data", .dataset(recipe.dataset))
    }
    return .record(
      Record([
        ("before", baseline.metric.map(Value.number) ?? .none), ("after", best.metric.map(Value.number) ?? .none),
        ("metric", .string(judge.name)), ("fixes", .list(kept.map { .string($0.text) })),
        ("codes", .list(best.report.codes.map { .string($0) })),
      ]))
  }

  /// One training of a recipe for `fix`: its outcome, or the doctor's refusal to run it.
  private func attempt(_ recipe: Recipe, judgedBy judge: FixJudge) throws -> FixAttempt {
    do {
      // A retrial writes no log or checkpoint: those folders keep the user's own run.
      let outcome = try trainingSession.train(recipe.withoutRunFiles)
      return FixAttempt(outcome: outcome, report: outcome.report, judge: judge)
    } catch let refusal as DoctorRefusal {
      return FixAttempt(outcome: nil, report: refusal.report, judge: judge)
    }
  }

  /// The first fix not yet tried, of the most severe finding that has one.
  private func nextFix(_ report: DoctorReport, skipping tried: Set<String>) -> Fix? {
    for finding in report.findings where finding.severity != .info {
      if let fix = finding.fixes.first(where: { $0.isApplicable && !tried.contains($0.text) }) { return fix }
    }
    return nil
  }

  /// The change to `recipe` a fix makes. A fix is an nnscript line, so applying it means
  /// evaluating it: `data = standardize(data)`, an option such as `lr: 0.001`, or a layer.
  private func change(for fix: Fix, in recipe: Recipe) throws -> RecipeChange {
    let file = SourceFile(name: "fix", text: fix.text)
    if fix.isDataChange {
      let program = Parser.parse(file)
      guard program.diagnostics.isEmpty, case .assign(_, _, let value) = program.statements.first?.kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      let saved = environment
      environment = Environment(parent: globals, values: ["data": .dataset(recipe.dataset)])
      defer { environment = saved }
      guard case .dataset(let dataset) = try evaluate(value) else {
        throw Diagnostic(error: "not a dataset", at: recipe.range)
      }
      return .data(dataset)
    } else if let edit = fix.edit,
      let covered = Self.layersCovered(by: edit, in: recipe.network)
    {
      guard case .network(let replacement) = try evaluate(parsedExpression("net < \(edit.replacement) >", name: "fix"))
      else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var layers = recipe.network.layers
      // The new layers point at the text they replace, so later fixes and findings land there:
      // layer for layer when the count is the same, else all at the whole replaced text.
      let replaced = Array(layers[covered])
      let place = replaced.first!.range.to(replaced.last!.range)
      layers.replaceSubrange(
        covered,
        with: replacement.layers.enumerated().map { i, layer in
          let range = replacement.layers.count == replaced.count ? replaced[i].range : place
          return NetworkValue.Layer(name: layer.name, arguments: layer.arguments, range: range)
        })
      return .network(NetworkValue(layers: layers, range: recipe.network.range))
    } else {
      guard case .command(let call) = try parsedExpression("train \(fix.text)", name: "fix").kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var options: [String: (value: Value, range: SourceRange)] = [:]
      for argument in call.arguments {
        guard let label = argument.label else {
          throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
        }
        let vocabulary = CommandCatalog.spec(for: .train)?.option(label.text)?.vocabulary
        let value = try evaluate(argument.value, words: vocabulary)
        options[label.text] = (value, recipe.options.values[label.text]?.range ?? recipe.range)
      }
      return .options(options)
    }
  }

  /// The layers whose text lies inside the edit's range: one layer, or the whole stack.
  private static func layersCovered(by edit: Fix.Edit, in network: NetworkValue) -> Range<Int>? {
    let inside = network.layers.indices.filter { index in
      let range = network.layers[index].range
      return range.file === edit.range.file && range.start >= edit.range.start && range.end <= edit.range.end
    }
    guard let first = inside.first, let last = inside.last, inside.count == last - first + 1 else { return nil }
    return first..<last + 1
  }

  private func parsedExpression(_ text: String, name: String) throws -> Expr {
    let program = Parser.parse(SourceFile(name: name, text: text))
    guard program.diagnostics.isEmpty, case .expression(let expr) = program.statements.first?.kind else {
      throw Diagnostic(error: "cannot apply '\(text)'", at: nil)
    }
    return expr
  }

  /// The before/after table and the script lines that reproduce the kept changes.
  static func fixReport(
    _ rows: [(fix: String, before: Double?, after: Double?, kept: Bool)], judge: FixJudge, baseline: FixAttempt,
    best: FixAttempt, kept: [Fix], from original: Recipe, to recipe: Recipe
  ) -> String {
    let name = judge.name
    func shown(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "refused" }
    guard !rows.isEmpty else {
      return "fix: the doctor has nothing to fix (\(name) \(shown(baseline.metric)))\n"
    }
    var out = "fix".padding(toLength: 40, withPad: " ", startingAt: 0) + "\(name) before → after   kept\n"
    for row in rows {
      let text = row.fix.count > 38 ? String(row.fix.prefix(37)) + "…" : row.fix
      let after = row.after.map(shown) ?? "failed"
      out += text.padding(toLength: 40, withPad: " ", startingAt: 0) + "\(shown(row.before)) → \(after)"
      out += String(repeating: " ", count: max(1, 11 - after.count)) + (row.kept ? "yes" : "no") + "\n"
    }
    out += "\(name): \(shown(baseline.metric)) → \(shown(best.metric))\n"
    if !kept.isEmpty { out += "the script with these fixes:\n" + diff(kept, from: original, to: recipe) }
    return out
  }

  /// A replacement of the text at `start..<end` of a file.
  private struct TextEdit {
    let file: SourceFile
    let start: Int
    let end: Int
    let text: String
  }

  /// `-`/`+` lines: each edited line as it was and as it becomes. The network's layers are
  /// written as they end up (the user's own text for those no fix touched); option values are
  /// replaced where the user wrote them, new options go on the `train` line; new statements
  /// such as `data = standardize(data)` come before it.
  private static func diff(_ fixes: [Fix], from original: Recipe, to recipe: Recipe) -> String {
    var out = ""
    var edits: [TextEdit] = []
    if let edit = networkEdit(from: original.network, to: recipe.network) { edits.append(edit) }
    var appended: [String] = []
    for fix in fixes where !fix.isDataChange {
      if let edit = fix.edit, !original.network.contains(edit.range) {
        // An option's value: a later fix of the same option replaces an earlier one.
        edits.removeAll { $0.start == edit.range.start && $0.file === edit.range.file }
        edits.append(
          TextEdit(file: edit.range.file, start: edit.range.start, end: edit.range.end, text: edit.replacement))
      } else if fix.edit == nil {
        appended.append(fix.text)
      }
    }
    for fix in fixes where fix.isDataChange { out += "+ \(fix.text)\n" }
    let trainFile = recipe.range.file
    if !appended.isEmpty {
      let end = trainFile.startOffset(ofLine: recipe.range.line) + trainFile.lineText(recipe.range.line).utf8.count
      edits.append(TextEdit(file: trainFile, start: end, end: end, text: " " + appended.joined(separator: " ")))
    }
    // Edits grouped by the lines they touch, each group shown once.
    let groups = Dictionary(grouping: edits) { ObjectIdentifier($0.file) }
    for group in groups.values {
      let file = group[0].file
      var lines: [(first: Int, last: Int)] = group.map {
        (file.line(of: $0.start), file.line(of: max($0.start, $0.end - 1)))
      }
      lines.sort { $0.first < $1.first }
      var merged: [(first: Int, last: Int)] = []
      for span in lines {
        if let last = merged.last, span.first <= last.last {
          merged[merged.count - 1].last = max(last.last, span.last)
        } else {
          merged.append(span)
        }
      }
      for span in merged {
        let base = file.startOffset(ofLine: span.first)
        let old = (span.first...span.last).map { file.lineText($0) }
        var text = Array(old.joined(separator: "\n").utf8)
        let inside = group.filter { file.line(of: $0.start) >= span.first && file.line(of: $0.start) <= span.last }
        for edit in inside.sorted(by: { $0.start > $1.start }) {
          let lo = edit.start - base
          let hi = min(text.count, edit.end - base)
          guard lo >= 0, lo <= hi else { continue }
          text.replaceSubrange(lo..<hi, with: Array(edit.text.utf8))
        }
        out += old.map { "- \($0)\n" }.joined()
        out += String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
          .map { "+ \($0)\n" }.joined()
      }
    }
    return out
  }

  /// The layers' text as the fixes left it, when they changed: the user's own text for each
  /// layer that is still as written.
  private static func networkEdit(from original: NetworkValue, to final: NetworkValue) -> TextEdit? {
    guard let first = original.layers.first?.range, let last = original.layers.last?.range else { return nil }
    let unchanged = final.layers.map { layer in
      original.layers.first { $0.range.start == layer.range.start && $0.description == layer.description }
    }
    guard unchanged.contains(where: { $0 == nil }) || final.layers.count != original.layers.count else { return nil }
    let text = zip(final.layers, unchanged).map { layer, same in same?.range.text ?? layer.description }
    return TextEdit(file: first.file, start: first.start, end: last.end, text: text.joined(separator: "; "))
  }
}

/// How `fix` compares runs. Accuracy for classes, but balanced accuracy (the mean recall per
/// class) when one class dominates, since plain accuracy rewards ignoring the rare class;
/// the validation loss for values, in the target's own units, so that a fix that rescales
/// the target is compared like for like.
struct FixJudge {
  let balanced: Bool
  let isClassification: Bool

  init(_ dataset: Dataset) {
    isClassification = dataset.isClassification
    balanced = DatasetDescription(dataset, rowChecks: false).warnings.contains {
      $0.code == Finding.Code.classImbalance.rawValue
    }
  }

  var name: String { isClassification ? (balanced ? "val_balanced_acc" : "val_acc") : "val_loss" }

  /// The metric of a finished run, as the user reads it.
  func metric(_ outcome: TrainingOutcome) -> Double {
    let last = outcome.run.run.final ?? outcome.run.run.history.last
    if isClassification {
      guard balanced, let split = outcome.dataset.split else {
        return (last?.validationAccuracy ?? .nan).asScriptNumber
      }
      let validation = TrainingSet(outcome.dataset, rows: split.validation)
      let evaluation = try? outcome.model.network.evaluate(validation, loss: outcome.model.trainer?.config.loss)
      return (evaluation?.balancedAccuracy ?? .nan).asScriptNumber
    }
    return ((last?.validationLoss ?? .nan) * lossScale(outcome)).asScriptNumber
  }

  /// What turns a loss on a scaled target back into the target's units.
  private func lossScale(_ outcome: TrainingOutcome) -> Float {
    let scale = outcome.dataset.preparation.reduce(Float(1)) { product, step in
      if case .scaleTarget(_, let s) = step { product * s } else { product }
    }
    switch outcome.model.trainer?.config.loss ?? .inferred(for: outcome.model.network) {
    case .mse: return scale * scale
    case .mae: return scale
    default: return 1
    }
  }
}

/// One training `fix` tried: the outcome, or nil when the doctor refused to run it.
struct FixAttempt {
  let outcome: TrainingOutcome?
  let report: DoctorReport
  /// The judge's metric; nil for a refused run.
  let metric: Double?
  private let tieBreak: Double

  init(outcome: TrainingOutcome?, report: DoctorReport, judge: FixJudge) {
    self.outcome = outcome
    self.report = report
    metric = outcome.map(judge.metric)
    let last = outcome.flatMap { $0.run.run.final ?? $0.run.run.history.last }
    tieBreak = -Double(last?.validationLoss ?? .infinity)
  }

  var trained: Bool { outcome != nil }

  /// Higher is better: the metric (the validation loss breaking ties for classes), and a
  /// refused or non-finite run below every run that trained.
  func score(judge: FixJudge) -> Double {
    guard let metric, metric.isFinite else { return outcome == nil ? -.infinity : -.greatestFiniteMagnitude }
    guard judge.isClassification else { return -metric }
    return metric + 1e-9 * (tieBreak.isFinite ? max(-1e3, tieBreak) : -1e3)
  }
}

extension NetworkValue {
  /// Whether `range` lies within the text of the layers (a layer fix, not an option's).
  func contains(_ range: SourceRange) -> Bool {
    guard let first = layers.first?.range, let last = layers.last?.range else { return false }
    return range.file === first.file && range.start >= first.start && range.end <= last.end
  }
}

extension Fix {
  /// `data = standardize(data)`: a change to the data rather than to the network or options.
  var isDataChange: Bool { text.hasPrefix("data = ") }

  /// Whether `fix` can try it: a data change, an edit of the user's text, or a `train`
  /// option. Advice such as `describe(data)` is for the user to follow.
  var isApplicable: Bool {
    isDataChange || edit != nil || text.range(of: #"^[a-z_]+: "#, options: .regularExpression) != nil
  }
}
