import NNCore

/// One `train` of the session, for `:runs`, `plot` and `report`: what it was given, how it
/// ended, and the run itself.
struct SessionRun {
  /// `net` (the network's text), then each option as written, by name.
  let settings: [String: String]
  let epochs: Int
  let metrics: [(name: String, value: Float?)]
  let stopped: String?
  /// The history and telemetry, for the curves.
  let run: TrainingRun
  /// The network as compiled, and the shape of its input, for the report's summary of it.
  let layers: [LayerConfig]
  let inputShape: SampleShape
  /// The run's seed and its `train` command: with the settings, what tells this run from
  /// the one the doctor last reported on.
  let seed: UInt64
  let range: SourceRange
}

extension SessionRun {
  /// All runs side by side: the settings that differ between them, then the final metrics.
  static func table(_ runs: [SessionRun]) -> String {
    guard !runs.isEmpty else { return "no runs yet: train first\n" }
    let differing = differingSettings(runs)
    // The metrics some run has (accuracy only for classes).
    let metricNames = runs[0].metrics.map(\.name).filter { name in
      runs.contains { run in run.metrics.contains { $0.name == name && $0.value != nil } }
    }
    let header = ["run"] + differing + ["epochs"] + metricNames
    let rows: [[String]] = runs.enumerated().map { index, run in
      [String(index + 1)] + differing.map { run.settings[$0] ?? "–" } + [
        String(run.epochs) + (run.stopped == nil ? "" : "*")
      ]
        + metricNames.map { name in
          run.metrics.first { $0.name == name }?.value.map { Value.format(Double($0)) } ?? "–"
        }
    }
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map(\.count).max()!
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        .trimmingTrailingSpaces() + "\n"
    }
    var out = line(header) + rows.map(line).joined()
    for (index, run) in runs.enumerated() {
      if let stopped = run.stopped { out += "* run \(index + 1): \(stopped)\n" }
    }
    if let shared = sharedSettings(runs, except: Set(differing)), !shared.isEmpty { out += "all runs: \(shared)\n" }
    return out
  }

  /// The names of the settings whose values differ between runs, `net` first.
  static func differingSettings(_ runs: [SessionRun]) -> [String] {
    let names = orderedNames(Set(runs.flatMap(\.settings.keys)))
    return names.filter { name in Set(runs.map { $0.settings[name] ?? "–" }).count > 1 }
  }

  /// Settings names as tables show them: `net` first, then alphabetically.
  static func orderedNames(_ names: some Sequence<String>) -> [String] {
    names.sorted { a, b in (a == "net" ? 0 : 1, a) < (b == "net" ? 0 : 1, b) }
  }

  /// `run 2: lr 0.1, batch 16`: the run's number in the session and its values of `settings`.
  func label(number: Int, showing settings: [String]) -> String {
    let values = settings.map { "\($0) \(self.settings[$0] ?? "–")" }
    return "run \(number)" + (values.isEmpty ? "" : ": " + values.joined(separator: ", "))
  }

  /// Whether `recipe` is what this run was trained from: the same `train`, seed and settings.
  func isMade(by recipe: Recipe) -> Bool {
    recipe.seed == seed && recipe.range.start == range.start && recipe.range.file.name == range.file.name
      && Self.settings(of: recipe) == settings
  }

  private static func sharedSettings(_ runs: [SessionRun], except differing: Set<String>) -> String? {
    let names = runs[0].settings.keys.filter { !differing.contains($0) }.sorted()
    return names.map { "\($0) \(runs[0].settings[$0]!)" }.joined(separator: ", ")
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}

extension SessionRun {
  init(_ recipe: Recipe, _ run: TrainingRun) {
    let last = run.final ?? run.history.last
    let compiler = NetworkCompiler(network: recipe.network, dataset: recipe.dataset)
    // The recipe trained, so its network compiles.
    let layers = (try? compiler.layers()) ?? []
    self.init(
      settings: Self.settings(of: recipe), epochs: run.history.count,
      metrics: [
        ("loss", last?.loss), ("acc", last?.accuracy), ("val_loss", last?.validationLoss),
        ("val_acc", last?.validationAccuracy),
      ],
      stopped: run.stopReason == .completed ? nil : run.stopReason.description, run: run,
      layers: layers, inputShape: compiler.inputShape(for: layers), seed: recipe.seed, range: recipe.range)
  }

  private static func settings(of recipe: Recipe) -> [String: String] {
    var settings = ["net": recipe.network.layers.map(\.description).joined(separator: "; ")]
    for (name, option) in recipe.options.values
    where !CommandCatalog.options(of: .train, with: .notASetting).contains(name) {
      settings[name] = option.value.description
    }
    return settings
  }
}
