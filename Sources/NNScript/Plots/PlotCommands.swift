import Foundation
import NNCore

/// `plot WHAT… to: PATH runs: …` and `report PATH`: the session's runs drawn as SVG, and one
/// run written up as an HTML page. Paths are relative to the script, as `csv` reads them.
struct PlotCommands: Command {
  let interpreter: Interpreter

  func plot(
    _ what: [(Value, SourceRange)], options: [String: (value: Value, range: SourceRange)], at range: SourceRange
  ) throws -> Value {
    var kinds: [(kind: PlotKind, range: SourceRange)] = []
    for (value, wordRange) in what {
      let kind = try plotKind(value, at: wordRange)
      guard !kinds.contains(where: { $0.kind == kind }) else {
        throw Diagnostic(error: "'\(kind.rawValue)' is plotted twice", at: wordRange)
      }
      kinds.append((kind, wordRange))
    }
    let (chosen, numbers) = try plottedRuns(options["runs"], at: range)
    let panels = try kinds.map { kind, wordRange in
      let panel = RunCurves.panel(kind, runs: chosen)
      guard !panel.series.isEmpty else { throw Diagnostic(error: kind.absence, at: wordRange) }
      return panel
    }
    let names = kinds.map(\.kind.rawValue)
    let fallback = names.joined(separator: "-") + ".svg"
    let target =
      try options["to"].map { try outputPath($0, suffixes: ["svg"], role: "to:") }
      ?? OutputPath(
        absolute: try interpreter.resolve(fallback, for: .writing, at: range), shown: fallback, range: range)
    let runsShown = numbers.count == 1 ? "run \(numbers[0])" : "runs \(Self.sentence(numbers))"
    let chart = SVGChart(panels: panels, title: "\(Self.sentence(names)) of \(runsShown)")
    try write(chart.render(), to: target)
    output("wrote \(Self.sentence(names)) of \(runsShown) to \(target.shown)\n")
    return .string(target.absolute)
  }

  func writeReport(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    guard let session = workspace.runs.last else {
      throw Diagnostic(error: "there is no run to report on: train first", at: range)
    }
    let target = try outputPath(path, suffixes: ["html", "htm"], role: "report")
    let number = workspace.runs.count
    let plotted = PlottedRun(run: session.run, label: "", layers: session.layers.map(\.description))
    let panels = PlotKind.allCases.map { RunCurves.panel($0, runs: [plotted]) }.filter { !$0.series.isEmpty }
    // Built on the data's sample shape, which a convolution needs.
    let network = try? Network(inputShape: session.inputShape, layers: session.layers)
    let names = SessionRun.orderedNames(session.settings.keys)
    let report = HTMLReport(
      title: "run \(number)", origin: "\(session.range.file.name):\(session.range.line)", run: session.run,
      settings: names.map { ($0, session.settings[$0]!) }, network: network,
      charts: panels.isEmpty ? nil : SVGChart(panels: panels, title: "curves of run \(number)").render(),
      findings: workspace.lastRecipe.map(session.isMade(by:)) == true ? workspace.lastReport?.findings : nil)
    try write(report.render(), to: target)
    output("wrote the report on run \(number) to \(target.shown)\n")
    return .string(target.absolute)
  }

  private func plotKind(_ value: Value, at range: SourceRange) throws -> PlotKind {
    let words = PlotKind.allCases.map(\.rawValue)
    switch value {
    case .term(let term):
      if let kind = PlotKind(rawValue: term.name) { return kind }
      throw Self.unknownPlot(term.name, words, at: range)
    case .string(let name):
      throw Self.unknownPlot(name, words, at: range)
    default:
      throw Diagnostic(error: "'plot' draws \(Self.sentence(words, or: true)), found \(value.typeName)", at: range)
    }
  }

  /// `unknown plot 'lost'`, with the closest word, or else the words there are.
  private static func unknownPlot(_ name: String, _ words: [String], at range: SourceRange) -> Diagnostic {
    let diagnostic = Diagnostic(error: "unknown plot '\(name)'", at: range).suggesting(name, from: words)
    return diagnostic.label == nil ? diagnostic.expecting("one of \(words.joined(separator: ", "))") : diagnostic
  }

  /// The runs `runs:` names, with their numbers in the session; the last run without it.
  private func plottedRuns(_ given: (value: Value, range: SourceRange)?, at range: SourceRange) throws -> (
    [PlottedRun], [String]
  ) {
    var chosen: [(run: TrainingRun, index: Int?)]
    switch given?.value {
    case nil:
      guard let last = workspace.runs.last else {
        throw Diagnostic(error: "there is no run to plot: train first", at: range)
      }
      chosen = [(last.run, workspace.runs.count - 1)]
    case let value? where Self.meansEveryRun(value):
      guard !workspace.runs.isEmpty else { throw Diagnostic(error: "there is no run to plot: train first", at: range) }
      chosen = workspace.runs.enumerated().map { ($1.run, $0) }
    case .run(let value)?:
      chosen = [(value.run, sessionIndex(of: value.run))]
    case .list(let items)?:
      guard !items.isEmpty else { throw Diagnostic(error: "runs: expects at least one run", at: given!.range) }
      chosen = try items.map { item in
        guard case .run(let value) = item else {
          throw Diagnostic(
            error: "runs: expects runs (the values train returns), found \(item.typeName) in the list",
            at: given!.range)
        }
        return (value.run, sessionIndex(of: value.run))
      }
    case .string(let text)?:
      throw Diagnostic(error: "runs: expects a run, a list of runs or all, found \"\(text)\"", at: given!.range)
        .suggesting(text, from: ["all"])
    case let other?:
      throw Diagnostic(error: "runs: expects a run, a list of runs or all, found \(other.typeName)", at: given!.range)
    }
    let known = chosen.compactMap { $0.index.map { workspace.runs[$0] } }
    let differing = SessionRun.differingSettings(known)
    // A run missing from the session's list is named by its place in `runs:`.
    let numbers = chosen.enumerated().map { position, run in
      run.index.map { String($0 + 1) } ?? "untracked \(position + 1)"
    }
    let plotted = zip(chosen, numbers).map { run, number in
      let session = run.index.map { workspace.runs[$0] }
      let label = session?.label(number: run.index! + 1, showing: differing) ?? "run \(number)"
      return PlottedRun(
        run: run.run, label: chosen.count == 1 ? "" : label, layers: session?.layers.map(\.description) ?? [])
    }
    return (plotted, numbers)
  }

  /// `runs: all`, or `runs: "all"`. Unless shadowed, `all` is the prelude's function, which
  /// means nothing else in this slot.
  private static func meansEveryRun(_ value: Value) -> Bool {
    switch value {
    case .string("all"): true
    case .function(let closure): closure.name == "all"
    default: false
    }
  }

  /// Where `run` stands among the session's runs. Wall times to the nanosecond tell runs
  /// apart; `==` would not do, as a diverged run's values are NaN.
  private func sessionIndex(of run: TrainingRun) -> Int? {
    workspace.runs.lastIndex { session in
      session.run.seconds == run.seconds && session.run.history.count == run.history.count
        && session.run.telemetry.stepLosses.count == run.telemetry.stepLosses.count
    }
  }

  /// A file to write, from a string argument: checked to end in one of `suffixes`, and
  /// resolved against the script's folder.
  private func outputPath(_ given: (value: Value, range: SourceRange), suffixes: [String], role: String) throws
    -> OutputPath
  {
    let kind = suffixes[0].uppercased()
    guard case .string(let path) = given.value, !path.isEmpty else {
      let found = if case .string = given.value { "an empty string" } else { given.value.typeName }
      throw Diagnostic(
        error: "\(role) expects a file name such as \"run.\(suffixes[0])\", found \(found)", at: given.range)
    }
    let lowered = path.lowercased()
    guard suffixes.contains(where: { lowered.hasSuffix("." + $0) }) else {
      // The suggestion swaps the name's extension, or adds one.
      let dot = path.lastIndex(of: ".").flatMap { path[$0...].contains("/") ? nil : $0 }
      let stem = dot.map { path[..<$0] } ?? path[...]
      var diagnostic = Diagnostic(
        error: "\(role) writes \(kind), so the file name must end in .\(suffixes[0])", at: given.range)
      diagnostic.label = "did you mean \"\(stem).\(suffixes[0])\"?"
      throw diagnostic
    }
    return OutputPath(
      absolute: try interpreter.resolve(path, for: .writing, at: given.range), shown: path, range: given.range)
  }

  private func write(_ text: String, to target: OutputPath) throws {
    try interpreter.writeFile(Data(text.utf8), to: target.absolute, shown: target.shown, at: target.range)
  }

  /// `loss`, `loss and acc`, `loss, acc and lr`.
  private static func sentence(_ items: [String], or: Bool = false) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + items.last!
  }
}

/// A file a command writes: where it goes, how the script wrote it, and where it was written.
private struct OutputPath {
  let absolute: String
  let shown: String
  let range: SourceRange
}
