/// What a `train` option's value is, what holds when it is not given, and where it goes: the
/// run's settings, or the part of the interpreter that reads it itself.
struct OptionUse: Sendable {
  /// What the value must be, in a phrase for help.
  let type: String
  /// What holds when the option is not given, for help: `10`, or `none`.
  let defaultValue: String
  /// A value as a script writes it, for help and for the test that every option has an effect.
  let example: String
  /// The words completion offers for the value besides the option's vocabulary.
  let words: [String]
  /// Reads a value without the run's data, so that the checker says a mistake in a literal
  /// before the script runs; nil where the value needs the data or another part reads it.
  let check: (@Sendable (OptionInput) throws -> Void)?
  let target: Target

  enum Target: Sendable {
    /// Sets part of a run's settings, from the value given or, when it is nil, the default.
    case setting(@Sendable (inout RunSettings, OptionInput?) throws -> Void)
    /// Read, and checked, where the interpreter does what it asks.
    case readBy(OptionConsumer)
  }

  /// A setting whose default the table gives.
  static func setting<T>(
    _ kind: OptionKind<T>, default value: T, shown: String? = nil, example: String,
    _ set: @escaping @Sendable (inout RunSettings, T) -> Void
  ) -> OptionUse {
    OptionUse(
      type: kind.type, defaultValue: shown ?? "\(value)", example: example, words: kind.words,
      check: kind.check, target: .setting { settings, input in set(&settings, try input.map(kind.read) ?? value) })
  }

  /// A setting that, when not given, stays as a run starts it: what `absent` says.
  static func setting<T>(
    _ kind: OptionKind<T>, absent: String, example: String, _ set: @escaping @Sendable (inout RunSettings, T) -> Void
  ) -> OptionUse {
    OptionUse(
      type: kind.type, defaultValue: absent, example: example, words: kind.words, check: kind.check,
      target: .setting { settings, input in
        if let input { set(&settings, try kind.read(input)) }
      })
  }

  /// An option another part of the interpreter reads.
  static func read(by consumer: OptionConsumer, type: String, default value: String, example: String) -> OptionUse {
    OptionUse(
      type: type, defaultValue: value, example: example, words: [], check: nil, target: .readBy(consumer))
  }
}

extension OptionKind {
  fileprivate var check: (@Sendable (OptionInput) throws -> Void)? {
    guard !needsData else { return nil }
    return { @Sendable [read] input in _ = try read(input) }
  }
}

/// The parts of the interpreter that read a `train` option themselves, because what it asks
/// for is more than a setting of the run.
enum OptionConsumer: Sendable {
  /// `Command.dataset(_:for:at:)`: the data the run trains on.
  case dataset
  /// `TrainCommand.network(for:at:)`: the network `train` and its folds train.
  case network
  /// `TrainCommand.expandingWith(_:)`: a record whose fields become the options.
  case optionRecord
  /// `CrossValidation.run(_:at:)`: a run per fold.
  case crossValidation
  /// `TrainCommand.checkpointObserver(for:)`: the folder and how often it is written.
  case checkpoints
  /// `TrainCommand.logObserver(for:resumedAfter:)`: the folder of the per-epoch log.
  case trainingLog
}
