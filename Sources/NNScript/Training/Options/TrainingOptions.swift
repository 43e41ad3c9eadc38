import NNCore

/// The options of `train`, evaluated, turned into the settings of a run by the catalog's
/// table: each option reads its own value and sets its part.
struct TrainingOptions {
  /// Option values by name, with where each value was written.
  var values: [String: (value: Value, range: SourceRange)]

  /// The run's settings, each option's from its value or its default, in catalog order, so
  /// that of two mistakes the one first in the catalog is said.
  func settings(for dataset: Dataset, seed defaultSeed: UInt64) throws -> RunSettings {
    var settings = RunSettings(seed: defaultSeed)
    for spec in CommandCatalog.spec(for: .train)!.options {
      guard case .setting(let apply)? = spec.use?.target else { continue }
      let input = values[spec.name].map {
        OptionInput(name: spec.name, value: $0.value, range: $0.range, dataset: dataset)
      }
      try apply(&settings, input)
    }
    return settings
  }

  func config(for dataset: Dataset, seed defaultSeed: UInt64) throws -> TrainingConfig {
    try settings(for: dataset, seed: defaultSeed).config
  }

  /// A true-or-false option's value, or nil when it is not given (`search` reads `prune:`).
  func bool(_ name: String) throws -> Bool? {
    guard let (value, range) = values[name] else { return nil }
    return try OptionKind.bool.read(OptionInput(name: name, value: value, range: range))
  }
}

extension TrainingOptions {
  /// `quiet: true`: the run prints nothing (its events still reach the host). Read as the
  /// settings read it; a value that is not true or false is refused there, before the run.
  var isQuiet: Bool { ((try? bool("quiet")) ?? nil) ?? false }
}
