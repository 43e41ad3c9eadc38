import NNCore

/// A checkpoint's state besides its tensors, kept as JSON in the file's metadata: the run it
/// belongs to, and the few numbers of where it stands. What grows with the run (the history,
/// the telemetry) and the row order are tensors, which cost nothing to write.
struct CheckpointState: Codable {
  var run: CheckpointRun
  var steps: Int
  /// The random generator's four state words, in hexadecimal (JSON numbers lose 64-bit words).
  var random: [String]
  var optimizerStep: Int
  var best: Best?
  var telemetryInterval: Int

  /// The best epoch under early stopping; its parameters are the file's `best.` tensors.
  struct Best: Codable {
    var loss: Double
    var epoch: Int
    var random: [String]
    var optimizerStep: Int

    private enum CodingKeys: String, CodingKey {
      case loss, epoch, random
      case optimizerStep = "optimizer_step"
    }
  }

  private enum CodingKeys: String, CodingKey {
    case run, steps, random, best
    case optimizerStep = "optimizer_step"
    case telemetryInterval = "telemetry_interval"
  }

  init(run: CheckpointRun, checkpoint: TrainingCheckpoint) {
    self.run = run
    steps = checkpoint.steps
    random = Self.hex(checkpoint.snapshot.random)
    optimizerStep = checkpoint.snapshot.optimizer.step
    best = checkpoint.best.map { best in
      Best(
        loss: Double(best.loss), epoch: best.epoch, random: Self.hex(best.snapshot.random),
        optimizerStep: best.snapshot.optimizer.step)
    }
    telemetryInterval = checkpoint.telemetry.interval
  }

  static func hex(_ generator: SeededGenerator) -> [String] { generator.words.map { String($0, radix: 16) } }

  /// The generator `words` describe; nil when they do not describe one.
  static func generator(_ words: [String]) -> SeededGenerator? {
    let values = words.compactMap { UInt64($0, radix: 16) }
    return values.count == words.count ? SeededGenerator(words: values) : nil
  }
}

/// What `resume` needs to rebuild a checkpointed run: the `train` options as they were given,
/// the run's seed, where its script was, and the data it trained on.
struct CheckpointRun: Codable, Equatable {
  /// `epochs: 30 batch: 16 opt: adam checkpoint: "runs/a"`, every option but `on:` and `net:`,
  /// as typed values.
  var options: [String: OptionValue]
  /// Decimal: JSON numbers lose 64-bit seeds.
  var seed: String
  /// The script that ran `train`, against which the options' relative paths resolve.
  var script: String?
  /// Whether the run began from fresh weights, which tells the doctor the first loss is the
  /// initial one.
  var fresh: Bool
  var data: DataIdentity

  private enum CodingKeys: String, CodingKey {
    // Not `options`, which earlier checkpoints held as nnscript text.
    case options = "train_options"
    case seed, script, fresh, data
  }

  /// The options as `train` reads them, each in a line of a little script named `name`, in
  /// the folder of the run's script so that relative paths resolve as they did. Only `train`'s
  /// own options are taken, and none that a checkpoint keeps in its own way.
  func trainOptions(named name: String) throws(FileFailure) -> TrainingOptions {
    let kept = options.sorted { $0.key < $1.key }
    for (option, _) in kept
    where Self.notKept.contains(option) || CommandCatalog.trainOptions.allSatisfy({ $0.name != option }) {
      throw FileFailure("its train options hold '\(option.prefix(40))', which a checkpointed train does not take")
    }
    var text = ""
    var written: [(option: String, value: Value, start: Int, end: Int)] = []
    for (option, kept) in kept {
      let value = kept.value
      if case .term(let term) = value,
        let words = CommandCatalog.trainOptions.first(where: { $0.name == option })?
          .vocabulary, let problem = words.problem(with: term)
      {
        throw FileFailure("its train option \(option): is not what train takes: \(problem.prefix(80))")
      }
      let start = text.utf8.count + option.utf8.count + 2
      text += "\(option): \(value.description)\n"
      written.append((option, value, start, text.utf8.count - 1))
    }
    let file = SourceFile(name: name, text: text, path: script)
    var values: [String: (value: Value, range: SourceRange)] = [:]
    for (option, value, start, end) in written {
      values[option] = (value, SourceRange(file: file, start: start, end: end))
    }
    return TrainingOptions(values: values)
  }

  /// The options a checkpoint does not keep among the others.
  static let notKept = CommandCatalog.options(of: .train, with: .notCheckpointed)
}
