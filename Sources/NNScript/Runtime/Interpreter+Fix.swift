import NNCore

/// `fix`: tries the doctor's fixes one at a time on the last run's recipe, retraining with the
/// same seed and epochs, keeps a change only when the validation metric improves, and shows
/// the result as a table and as script lines to paste.
extension Interpreter {
  func fix(budget given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    guard var recipe = lastRecipe else {
      throw Diagnostic(error: "there is no run to fix: train first", at: range)
    }
    var budget = 3
    if let (value, valueRange) = given {
      guard case .number(let n) = value, n >= 1, n == n.rounded(), n <= 100 else {
        throw Diagnostic(error: "budget: expects a whole number from 1 to 100", at: valueRange)
      }
      budget = Int(n)
    }
    // The baseline trains from fresh weights too, so every comparison is like for like.
    var best = try perform(recipe, continuing: nil, quiet: true, announce: false)
    let baseline = best
    var tried: Set<String> = []
    var rows: [(fix: String, before: Double, after: Double?, kept: Bool)] = []  // metrics, as shown
    var kept: [Fix] = []
    for _ in 0..<budget {
      guard let fix = nextFix(best.report, skipping: tried) else { break }
      tried.insert(fix.text)
      guard let candidate = try? applying(fix, to: recipe),
        let outcome = try? perform(candidate, continuing: nil, quiet: true, announce: false)
      else {
        rows.append((fix.text, Self.metric(best), nil, false))
        continue
      }
      let improved = Self.score(outcome) > Self.score(best)
      rows.append((fix.text, Self.metric(best), Self.metric(outcome), improved))
      if improved {
        recipe = candidate
        best = outcome
        kept.append(fix)
      }
    }
    output(Self.fixReport(rows, baseline: baseline, best: best, kept: kept, recipe: recipe))
    model = best.model
    lastReport = best.report
    lastRecipe = recipe
    currentNetwork = recipe.network
    if recipe.options.values["on"] == nil, kept.contains(where: \.isDataChange) {
      environment.assign("data", .dataset(recipe.dataset))
    }
    return .record(
      Record([
        ("before", .number(Self.metric(baseline))), ("after", .number(Self.metric(best))),
        ("fixes", .list(kept.map { .string($0.text) })), ("codes", .list(best.report.codes.map { .string($0) })),
      ]))
  }

  /// The first fix not yet tried, of the most severe finding that has one.
  private func nextFix(_ report: DoctorReport, skipping tried: Set<String>) -> Fix? {
    for finding in report.findings where finding.severity != .info {
      if let fix = finding.fixes.first(where: { !tried.contains($0.text) }) { return fix }
    }
    return nil
  }

  /// Higher is better: validation accuracy for classes (validation loss breaks ties), minus
  /// the validation loss for values.
  static func score(_ outcome: TrainingOutcome) -> Double {
    let last = outcome.run.run.final ?? outcome.run.run.history.last
    let loss = Double(last?.validationLoss ?? .infinity)
    let lossScore = loss.isFinite ? -loss : -.greatestFiniteMagnitude
    guard let acc = last?.validationAccuracy else { return lossScore }
    return Double(acc) + 1e-9 * max(-1e3, lossScore)
  }

  /// The validation metric as the user reads it: accuracy for classes, else loss.
  static func metric(_ outcome: TrainingOutcome) -> Double {
    let last = outcome.run.run.final ?? outcome.run.run.history.last
    return (last?.validationAccuracy ?? last?.validationLoss ?? .nan).asScriptNumber
  }

  /// The recipe with one fix applied. A fix is an nnscript line, so applying it means
  /// evaluating it: `data = standardize(data)`, an option such as `lr: 0.001`, or a layer.
  private func applying(_ fix: Fix, to recipe: Recipe) throws -> Recipe {
    var changed = recipe
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
      changed.dataset = dataset
    } else if let edit = fix.edit,
      let index = recipe.network.layers.firstIndex(where: {
        $0.range.start == edit.range.start && $0.range.file === edit.range.file
      })
    {
      guard case .network(let replacement) = try evaluate(parsedExpression("net < \(edit.replacement) >", name: "fix"))
      else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var layers = recipe.network.layers
      layers.replaceSubrange(
        index...index,
        with: replacement.layers.map {
          NetworkValue.Layer(name: $0.name, arguments: $0.arguments, range: layers[index].range)
        })
      changed.network = NetworkValue(layers: layers, range: recipe.network.range)
    } else {
      guard case .command(let call) = try parsedExpression("train \(fix.text)", name: "fix").kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      for argument in call.arguments {
        guard let label = argument.label else {
          throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
        }
        let vocabulary = CommandCatalog.spec(for: .train)?.option(label.text)?.vocabulary
        let value = try evaluate(argument.value, words: vocabulary)
        changed.options.values[label.text] = (value, recipe.options.values[label.text]?.range ?? recipe.range)
      }
    }
    return changed
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
    _ rows: [(fix: String, before: Double, after: Double?, kept: Bool)], baseline: TrainingOutcome,
    best: TrainingOutcome,
    kept: [Fix], recipe: Recipe
  ) -> String {
    let name = baseline.run.run.final?.validationAccuracy != nil ? "val_acc" : "val_loss"
    func shown(_ value: Double) -> String { String(format: "%.4f", value) }
    guard !rows.isEmpty else {
      return "fix: the doctor has nothing to fix (\(name) \(shown(metric(baseline))))\n"
    }
    var out = "fix".padding(toLength: 40, withPad: " ", startingAt: 0) + "\(name) before → after   kept\n"
    for row in rows {
      let text = row.fix.count > 38 ? String(row.fix.prefix(37)) + "…" : row.fix
      let after = row.after.map(shown) ?? "failed"
      out += text.padding(toLength: 40, withPad: " ", startingAt: 0) + "\(shown(row.before)) → \(after)"
      out += String(repeating: " ", count: max(1, 11 - after.count)) + (row.kept ? "yes" : "no") + "\n"
    }
    out += "\(name): \(shown(metric(baseline))) → \(shown(metric(best)))\n"
    if !kept.isEmpty { out += "the script with these fixes:\n" + diff(kept, recipe: recipe) }
    return out
  }

  /// `-`/`+` lines: each edited line as it was and as it becomes (new options go on the
  /// `train` line); new lines such as `data = standardize(data)` come before `train`.
  private static func diff(_ fixes: [Fix], recipe: Recipe) -> String {
    let trainFile = recipe.range.file
    let trainLine = recipe.range.line
    var edits: [Int: (file: SourceFile, edits: [Fix.Edit])] = [:]
    var appended: [String] = []
    var out = ""
    for fix in fixes {
      if fix.isDataChange {
        out += "+ \(fix.text)\n"
      } else if let edit = fix.edit {
        edits[edit.range.line, default: (edit.range.file, [])].edits.append(edit)
      } else {
        appended.append(fix.text)
      }
    }
    if !appended.isEmpty, edits[trainLine] == nil { edits[trainLine] = (trainFile, []) }
    for line in edits.keys.sorted() {
      let (file, lineEdits) = edits[line]!
      let lineStart = file.startOffset(ofLine: line)
      var text = Array(file.lineText(line).utf8)
      for edit in lineEdits.sorted(by: { $0.range.start > $1.range.start }) {
        let lo = edit.range.start - lineStart
        let hi = min(text.count, edit.range.end - lineStart)
        guard lo >= 0, lo <= hi else { continue }
        text.replaceSubrange(lo..<hi, with: Array(edit.replacement.utf8))
      }
      var changed = String(decoding: text, as: UTF8.self)
      if line == trainLine, file === trainFile, !appended.isEmpty { changed += " " + appended.joined(separator: " ") }
      out += "- \(file.lineText(line))\n+ \(changed)\n"
    }
    return out
  }
}

extension Fix {
  /// `data = standardize(data)`: a change to the data rather than to the network or options.
  var isDataChange: Bool { text.hasPrefix("data = ") }
}
