import NNCore

/// `fix`: tries the doctor's fixes on the run the user last saw, retraining it whole with the
/// same seeds and epochs, keeps a change only when the validation metric gains more than its
/// noise, tries the best pairs when no single fix helps, and shows the result as a table and
/// as script lines to paste.
struct FixCommand: Command {
  let interpreter: Interpreter

  /// At most this many pairs are tried when no single fix helped.
  static let pairs = 3

  func run(budget given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> Value {
    guard let original = workspace.lastRecipe else {
      throw Diagnostic(error: "there is no run to fix: train first", at: range)
    }
    var budget = 3
    if let (value, valueRange) = given {
      guard case .number(let n) = value, n >= 1, n == n.rounded(), n <= 100 else {
        throw Diagnostic(error: "budget: expects a whole number from 1 to 100", at: valueRange)
      }
      budget = Int(n)
    }
    let application = FixApplication(interpreter: interpreter)
    let judge = FixJudge(original.dataset)
    var lineage = FixLineage(last: original, model: workspace.lastRun == nil ? nil : workspace.model)
    // The baseline is retrained too, so every comparison is like for like; with another
    // shuffle seed it measures the metric's noise. A baseline the doctor refuses scores
    // below anything that trains.
    let baseline = try attempt(lineage, judgedBy: judge)
    try interpreter.checkInterrupt(at: range)
    var reshuffled = lineage
    reshuffled.last.shuffleSeed = original.seed ^ 0x9E37_79B9_7F4A_7C15
    let noise = baseline.trained ? try attempt(reshuffled, judgedBy: judge) : baseline
    try interpreter.checkInterrupt(at: range)
    let threshold = FixThreshold(judge: judge, baseline: baseline, reshuffled: noise)
    var best = baseline
    var tried: Set<String> = []
    var rows: [FixReport.Row] = []
    var kept: [Fix] = []
    // Singles that trained, with their lineage and score, for the pairs.
    var singles: [(fix: Fix, change: RecipeChange, score: Double)] = []
    var interrupted = false
    // Until a change is kept, the doctor's own report of the run guides: ranked by its probes
    // when `doctor` ran them.
    let seen = workspace.lastReport
    for _ in 0..<budget {
      let guide = kept.isEmpty ? (seen ?? best.report) : best.report
      guard let fix = nextFix(guide, skipping: tried, for: lineage.last, application) else { break }
      tried.insert(fix.text)
      let change = try? application.change(for: fix, in: lineage.last)
      let result = change.flatMap { try? attempt(lineage.with($0), judgedBy: judge) }
      // Ctrl-C stopped this retraining: a run cut short would be judged as if it had ended.
      if workspace.cancellation.isCancelled {
        interrupted = true
        break
      }
      guard let change, let result, result.trained else {
        rows.append((fix.text, best.metric, nil, false))
        continue
      }
      let improved = threshold.improves(result, on: best, keptBefore: !kept.isEmpty)
      rows.append((fix.text, best.metric, result.metric, improved))
      singles.append((fix, change, result.score(judge: judge)))
      if improved {
        lineage = lineage.with(change)
        best = result
        kept.append(fix)
      }
    }
    if kept.isEmpty && !interrupted {
      // Two fixes may be needed together (standardized inputs and a higher rate): the best
      // pairs of the singles, each pair as one change.
      let ranked = singles.sorted { $0.score > $1.score }.prefix(3)
      let pairs = ranked.indices.flatMap { i in
        ranked.indices.filter { $0 > i }.map { (ranked[i], ranked[$0]) }
      }.filter { !$0.0.fix.overlaps($0.1.fix, in: lineage.last.network) }
      for (a, b) in pairs.prefix(Self.pairs) {
        let pair = lineage.with(a.change).with(b.change)
        let result = try? attempt(pair, judgedBy: judge)
        if workspace.cancellation.isCancelled {
          interrupted = true
          break
        }
        let text = "\(a.fix.text) + \(b.fix.text)"
        guard let result, result.trained else {
          rows.append((text, best.metric, nil, false))
          continue
        }
        let improved = threshold.improves(result, on: best, keptBefore: !kept.isEmpty)
        rows.append((text, best.metric, result.metric, improved))
        if improved {
          (lineage, best, kept) = (pair, result, [a.fix, b.fix])
          break
        }
      }
    }
    let report = FixReport(
      rows: rows, judge: judge, baseline: baseline, best: best, kept: kept, from: original, to: lineage.last,
      noise: threshold.shuffleNoise, interrupted: interrupted)
    output(report.rendered)
    try interpreter.checkInterrupt(at: range)
    if !kept.isEmpty, let outcome = best.outcome {
      workspace.model = outcome.model
      outcome.model.lineage = lineage.earlier + [lineage.last]
      // A later fix of the same option replaced an earlier one: the run has the later.
      let effective = kept.enumerated().filter { index, fix in
        !kept.dropFirst(index + 1).contains { $0.overlaps(fix, in: lineage.last.network) }
      }.map(\.element.text)
      workspace.lastReport = DoctorReport(
        best.report.findings, subject: "the run fix kept, with \(effective.joined(separator: " and "))")
      workspace.lastRecipe = lineage.last
      workspace.lastRun = outcome.run.run
      workspace.currentNetwork = lineage.last.network
      if lineage.last.options.values["on"] == nil, kept.contains(where: \.isDataChange) {
        interpreter.environment.assign("data", .dataset(lineage.last.dataset))
      }
    }
    return .record(
      Record([
        ("before", baseline.metric.map(Value.number) ?? .none), ("after", best.metric.map(Value.number) ?? .none),
        ("metric", .string(judge.name)), ("noise", .number(threshold.shuffleNoise)),
        ("fixes", .list(kept.map { .string($0.text) })), ("codes", .list(best.report.codes.map { .string($0) })),
      ]))
  }

  /// One training of a lineage for `fix`: its outcome, or the doctor's refusal to run it.
  private func attempt(_ lineage: FixLineage, judgedBy judge: FixJudge) throws -> FixAttempt {
    do {
      let outcome = try lineage.train(in: workspace.trainingSession)
      return FixAttempt(outcome: outcome, report: outcome.report, judge: judge)
    } catch let refusal as DoctorRefusal {
      return FixAttempt(outcome: nil, report: refusal.report, judge: judge)
    }
  }

  /// The first fix not yet tried that applies, of the highest-ranked finding that has one.
  private func nextFix(
    _ report: DoctorReport, skipping tried: Set<String>, for recipe: Recipe, _ application: FixApplication
  ) -> Fix? {
    for finding in report.findings where finding.severity != .info {
      for fix in finding.fixes where fix.isApplicable && !tried.contains(fix.text) {
        if application.applied(fix, to: recipe) != nil { return fix }
      }
    }
    return nil
  }
}
