import Foundation

/// The trials of one search as they start, progress and end; at the end, the table the
/// search prints and the value it returns.
struct SearchTable {
  struct Row {
    let number: Int
    let seed: UInt64
    let point: [Double]
    let values: [(name: String, value: Value)]
    let epochsPerFold: Int
    var state = TrialState.running
    var report: TrialReport?
    /// Epochs trained so far, over all folds, and the latest of them.
    var epochsDone = 0
    var latest: TrialEpoch?
  }

  let plan: SearchPlan
  private(set) var rows: [Row] = []
  /// Where each trial's row is, by number (`nnscript trial` runs one trial of any number).
  private var positions: [Int: Int] = [:]

  init(plan: SearchPlan) { self.plan = plan }

  var running: Int { rows.count { $0.state == .running } }
  var finished: Int { rows.count { $0.state != .running } }

  /// What the sampler learns from: every trial, with its score once it has one.
  var observations: [TrialObservation] {
    rows.map { row in
      TrialObservation(
        number: row.number, point: row.point, state: row.state, score: row.report?.validationLoss,
        epochs: row.report?.epochs ?? row.epochsDone)
    }
  }

  /// Trial `number`'s row.
  func row(_ number: Int) -> Row { rows[positions[number]!] }

  /// Whether trial `number` has started (a cluster might report on one that has not).
  func contains(_ number: Int) -> Bool { positions[number] != nil }

  mutating func started(number: Int, seed: UInt64, point: [Double], epochsPerFold: Int) {
    positions[number] = rows.count
    rows.append(Row(number: number, seed: seed, point: point, values: plan.values(point), epochsPerFold: epochsPerFold))
  }

  mutating func epoch(_ number: Int, _ epoch: TrialEpoch) {
    rows[positions[number]!].epochsDone += 1
    rows[positions[number]!].latest = epoch
  }

  mutating func ended(_ number: Int, _ report: TrialReport) {
    rows[positions[number]!].state = report.state
    rows[positions[number]!].report = report
  }

  /// Trials with a result, best first (complete ones by score, then pruned ones, the later
  /// stopped first), then the failed ones.
  var ranked: [Row] {
    let order = observations.ranked().map(\.number)
    return order.map(row) + rows.filter { row in !order.contains(row.number) && row.state != .running }
  }

  var best: Row? { ranked.first { $0.state == .complete } }

  func progress(_ number: Int) -> SearchTrialProgress {
    let row = self.row(number)
    let ended = row.state != .running
    return SearchTrialProgress(
      number: number, settings: SearchPlan.settingsText(row.values), state: row.state, epoch: row.epochsDone,
      epochs: row.epochsPerFold * (plan.folds ?? 1),
      validationLoss: ended ? row.report?.validationLoss : row.latest?.validationLoss,
      validationAccuracy: ended ? row.report?.validationAccuracy : row.latest?.validationAccuracy,
      best: best.flatMap { b in b.report?.validationLoss.map { (b.number, $0) } })
  }

  // MARK: What the search prints

  /// How many of the best trials the printed table shows.
  static let shownRows = 10

  /// The counts, the best trials as a table, and the best settings.
  func rendered() -> String {
    let counts = [TrialState.complete, .pruned, .failed].compactMap { state -> String? in
      let n = rows.count { $0.state == state }
      return n == 0 ? nil : "\(n) \(state.rawValue)"
    }
    let epochs = rows.reduce(0) { $0 + ($1.report?.epochs ?? $1.epochsDone) }
    var out =
      "search: \(rows.count) trial\(rows.count == 1 ? "" : "s") (\(counts.joined(separator: ", "))), \(epochs) epochs\n"
    let shown = Array(ranked.prefix(Self.shownRows))
    guard !shown.isEmpty else { return out }
    let folds = plan.folds != nil
    let accuracy = shown.contains { $0.report?.validationAccuracy != nil }
    var header = ["trial", "state", "val_loss"] + (folds ? ["± std"] : []) + (accuracy ? ["val_acc"] : []) + ["epochs"]
    header += plan.settings.map(\.parameter.name)
    let cells = shown.map { row -> [String] in
      let report = row.report
      var cells = ["\(row.number)", row.state.rawValue, Self.metric(report?.validationLoss)]
      if folds { cells.append(Self.metric(report?.validationLossStd)) }
      if accuracy { cells.append(Self.metric(report?.validationAccuracy)) }
      cells.append("\(report?.epochs ?? row.epochsDone)")
      return cells + row.values.map { SearchPlan.shortText($0.value) }
    }
    let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max()! }
    for line in [header] + cells {
      out +=
        zip(line, widths).map { text, width in text.padding(toLength: width, withPad: " ", startingAt: 0) }
        .joined(separator: "  ").replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) + "\n"
    }
    if rows.count > shown.count { out += "… \(rows.count - shown.count) more in s.trials\n" }
    if let best, let report = best.report {
      out += "best: trial \(best.number), val_loss \(Self.metric(report.validationLoss))"
      if let acc = report.validationAccuracy { out += ", val_acc \(Self.metric(acc))" }
      out += ": " + SearchPlan.settingsText(best.values) + "\n"
    } else {
      out += "no trial completed\n"
    }
    return out
  }

  private static func metric(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "" }

  // MARK: What the search returns

  /// `{trials, best, val_loss, val_acc, trial, epochs, seconds, seed}`: every trial best first,
  /// the best settings as a record `train with:` takes, the best trial's metrics, and the
  /// search's seed (which picked the validation rows).
  func value(seconds: Double) -> Value {
    let trials = ranked.map { row -> Value in
      var fields: [(String, Value)] = [
        ("trial", .number(Double(row.number))), ("state", .string(row.state.rawValue)),
        ("val_loss", Self.number(row.report?.validationLoss)),
      ]
      if plan.folds != nil { fields.append(("val_loss_std", Self.number(row.report?.validationLossStd))) }
      fields += [
        ("val_acc", Self.number(row.report?.validationAccuracy)),
        ("epochs", .number(Double(row.report?.epochs ?? row.epochsDone))),
        ("seconds", .number(row.report?.seconds ?? 0)), ("seed", .number(Double(row.seed))),
      ]
      fields += row.values.map { ($0.name, $0.value) }
      if let message = row.report?.message { fields.append(("message", .string(message))) }
      return .record(Record(fields))
    }
    let best = self.best
    var result: [(String, Value)] = [
      ("trials", .list(trials)), ("best", best.map { .record(settings(of: $0)) } ?? .none),
      ("val_loss", Self.number(best?.report?.validationLoss)),
    ]
    if plan.folds != nil { result.append(("val_loss_std", Self.number(best?.report?.validationLossStd))) }
    result += [
      ("val_acc", Self.number(best?.report?.validationAccuracy)),
      ("trial", best.map { .number(Double($0.number)) } ?? .none),
      ("epochs", .number(Double(rows.reduce(0) { $0 + ($1.report?.epochs ?? $1.epochsDone) }))),
      ("seconds", .number(seconds)), ("seed", .number(Double(plan.seed))),
    ]
    return .record(Record(result))
  }

  /// Everything `train` needs to train as a trial did: the network (or its function and
  /// its arguments), the values found, and the options that stayed fixed.
  private func settings(of row: Row) -> Record {
    var record = Record()
    if let builder = plan.builder {
      record["net"] = .function(builder)
    } else if plan.networkGiven, let network = plan.network {
      record["net"] = .network(network)
    }
    for (name, value) in plan.fixedArguments { record[name] = value }
    for (name, value) in row.values { record[name] = value }
    // What says where and how a run goes, not what it learns, stays with the train that follows.
    let runOnly = CommandCatalog.options(of: .train, with: .searchControl)
    for (name, option) in plan.fixedOptions.sorted(by: { $0.key < $1.key }) where !runOnly.contains(name) {
      record[name] = option.value
    }
    // The trial's own seed, so that `train with:` on data with a validation part trains the
    // very network the search scored, not a sibling from other initial weights.
    record["seed"] = .number(Double(row.seed))
    return record
  }

  private static func number(_ x: Double?) -> Value { x.map { .number($0) } ?? .none }
}
