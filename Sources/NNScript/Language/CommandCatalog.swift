/// The command words of the language and what each accepts. The parser, the checker, the
/// interpreter and help text all read this one table.
public struct CommandSpec: Sendable {
  /// The word that starts the command.
  let keyword: Keyword
  /// What the command does, in a phrase for help.
  public let summary: String
  /// The fewest positional arguments accepted.
  let minPositional: Int
  /// The most positional arguments accepted; `Int.max` for no limit (`print`).
  let maxPositional: Int
  /// The `name: value` options it takes.
  public let options: [OptionSpec]
  /// Words the positional arguments are read as (`plot loss acc`), when they are words.
  var positionalVocabulary: Vocabulary? = nil
  /// Accepts options beyond its own (`search` takes any `train` option and the parameters
  /// of the function that builds the network).
  let acceptsOtherOptions: Bool

  /// The command word as written (`train`).
  public var name: String { keyword.rawValue }
  /// The option called `name` (no colon), or nil when the command has none by that name.
  public func option(_ name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// One `name: value` option of a command.
public struct OptionSpec: Sendable {
  /// The option's name, without the colon (`epochs`).
  public let name: String
  /// The words its value may be (`adam` for `opt:`); nil when it takes ordinary expressions only.
  public let vocabulary: Vocabulary?
  /// What it sets, in a phrase for help.
  public let summary: String
  /// How the commands that read it treat it besides its value.
  let traits: OptionTraits
  /// How a `train` option's value is read and where it goes; nil for the options of the other
  /// commands, which read their own.
  let use: OptionUse?

  init(
    _ name: String, _ vocabulary: Vocabulary?, _ summary: String, _ traits: OptionTraits = [], _ use: OptionUse? = nil
  ) {
    self.name = name
    self.vocabulary = vocabulary
    self.summary = summary
    self.traits = traits
    self.use = use
  }

  init(_ name: String, _ summary: String, _ traits: OptionTraits = [], _ use: OptionUse? = nil) {
    self.init(name, nil, summary, traits, use)
  }

  /// What its value must be, for help: `a whole number ≥ 1`; nil when the catalog does not say.
  public var valueType: String? { use?.type }
  /// What holds when it is not given, for help: `10`; nil when the catalog does not say.
  public var defaultValue: String? { use?.defaultValue }
  /// A value as a script writes it, for help: `cosine(0.1, 20)`.
  public var example: String? { use?.example }
  /// The words completion offers for its value: its vocabulary's, or `true` and `false`.
  public var valueWords: [String] { vocabulary?.names ?? use?.words ?? [] }
}

/// What the interpreter asks of an option beyond its value, kept in the catalog so that an
/// option is described in one place.
struct OptionTraits: OptionSet, Sendable {
  let rawValue: Int

  /// Takes whole numbers, so a search may give it only `int(low, high)` or a list.
  static let wholeNumber = OptionTraits(rawValue: 1 << 0)
  /// Configures a search itself, or says where and on what: never searched over.
  static let searchControl = OptionTraits(rawValue: 1 << 1)
  /// Keeps one run's files (a checkpoint or a log), which a search's trials, folds and the
  /// retrials of `fix` must not write.
  static let keepsRunFiles = OptionTraits(rawValue: 1 << 2)
  /// Not kept among a checkpoint's options: the data and the network, which it keeps in its
  /// own way, and `with:`, which `train` has spread into the others.
  static let notCheckpointed = OptionTraits(rawValue: 1 << 3)
  /// Not shown among a run's settings in the session: the data, the network (shown on its
  /// own) and what only changes the output.
  static let notASetting = OptionTraits(rawValue: 1 << 4)
}

/// Every command of the language, one `CommandSpec` each.
public enum CommandCatalog {
  /// The options of `train`. Each says how its value is read and what it sets, or which part
  /// of the interpreter reads it; their order is the order mistakes in them are said.
  static let trainOptions: [OptionSpec] = [
    OptionSpec(
      "epochs", "passes over the training data", .wholeNumber,
      .setting(.wholeNumber(atLeast: 0), default: 10, example: "3") { $0.config.epochs = $1 }),
    OptionSpec(
      "batch", "samples per step", .wholeNumber,
      .setting(.wholeNumber(atLeast: 1), default: 32, example: "16") { $0.config.batchSize = $1 }),
    OptionSpec(
      "opt", Vocabularies.optimizers, "the optimizer", [],
      .setting(.optimizer, default: .adam(), shown: "adam", example: "sgd(0.9)") { $0.config.optimizer = $1 }),
    OptionSpec(
      "lr", Vocabularies.schedules, "the learning rate", [],
      .setting(.schedule, absent: "the optimizer's own rate", example: "cosine(0.1, 20)") {
        $0.config.learningRate = $1
      }),
    OptionSpec(
      "loss", Vocabularies.losses, "the loss", [],
      .setting(.loss, absent: "inferred from the output layer", example: "mse") { $0.config.loss = $1 }),
    OptionSpec(
      "clip", "clip the global gradient norm to this value", [],
      .setting(.positive, absent: "none", example: "1") { $0.config.clipNorm = $1 }),
    OptionSpec(
      "clipvalue", "clip each gradient element to [−v, v]", [],
      .setting(.positive, absent: "none", example: "0.5") { $0.config.clipValue = $1 }),
    OptionSpec(
      "l1", "L1 penalty on the weights", [],
      .setting(.nonNegative, default: 0, shown: "0", example: "1e-4") { $0.config.l1 = $1 }),
    OptionSpec(
      "l2", "L2 penalty on the weights", [],
      .setting(.nonNegative, default: 0, shown: "0", example: "1e-3") { $0.config.l2 = $1 }),
    OptionSpec(
      "early", "stop after this many epochs without improvement, keeping the best weights", .wholeNumber,
      .setting(.wholeNumber(atLeast: 1), absent: "none", example: "5") { $0.config.earlyStoppingPatience = $1 }),
    OptionSpec(
      "restarts", "re-initialise and train again this many times, keeping the best", .wholeNumber,
      .setting(.wholeNumber(atLeast: 0), default: 0, example: "2") { $0.config.restarts = $1 }),
    OptionSpec(
      "steps", "stop after this many steps (batches); a saved session replays an interrupted train with it",
      .wholeNumber, .setting(.wholeNumber(atLeast: 1), absent: "none", example: "100") { $0.config.stepLimit = $1 }),
    OptionSpec(
      "shuffle", "shuffle the training data every epoch", [],
      .setting(.bool, default: true, example: "false") { $0.config.shuffle = $1 }),
    OptionSpec(
      "seed", "the seed of this run", .searchControl,
      .setting(.seed, absent: "the next of the session's seeds", example: "7") { $0.config.seed = $1 }),
    OptionSpec(
      "threads", "threads for matrix products", .searchControl,
      .setting(.wholeNumber(atLeast: 1), default: 1, example: "2") { $0.config.threads = $1 }),
    OptionSpec(
      "weights", Vocabularies.classWeights, "class weights", [],
      .setting(.classWeights, absent: "none", example: "balanced") { $0.config.classWeights = $1 }),
    OptionSpec(
      "quiet", "print no summary line or findings while training", [.searchControl, .notASetting],
      .setting(.bool, default: false, example: "true") { $0.quiet = $1 }),
    OptionSpec(
      "metrics", "metrics of the validation part to follow each epoch, in the progress line and the history",
      [.searchControl, .notASetting],
      .setting(.metrics, default: [], shown: "none", example: "[\"f1\", \"auc\"]") { $0.metrics = $1 }),
    OptionSpec(
      "on", "the dataset", [.searchControl, .notCheckpointed, .notASetting],
      .read(by: .dataset, type: "a dataset", default: "the variable data", example: "split(data, 0.8)")),
    OptionSpec(
      "net", "the network", [.notCheckpointed, .notASetting],
      .read(by: .network, type: "a network", default: "the current one", example: "net < dense 3 softmax >")),
    OptionSpec(
      "checkpoint", "a folder to save the training state to, so that `resume` can go on after a crash",
      .keepsRunFiles,
      .read(by: .checkpoints, type: "a folder path", default: "none", example: "\"runs/ckpt\"")),
    OptionSpec(
      "every", "save a checkpoint every this many epochs", [.wholeNumber, .keepsRunFiles],
      .read(by: .checkpoints, type: "a whole number of epochs ≥ 1", default: "1", example: "5")),
    OptionSpec(
      "log", "a folder for a per-epoch CSV and TensorBoard event files", .keepsRunFiles,
      .read(by: .trainingLog, type: "a folder path", default: "none", example: "\"runs/first\"")),
    OptionSpec(
      "folds", "k-fold cross-validation: a run per fold, then the mean ± std (a search scores the mean)",
      .searchControl,
      .read(
        by: .crossValidation, type: "a whole number from 2 to the training rows", default: "none",
        example: "5")),
    OptionSpec(
      "with", "a record of options, as `s.best` of a search: `train with: s.best`",
      [.searchControl, .notCheckpointed],
      .read(by: .optionRecord, type: "a record of options", default: "none", example: "s.best")),
  ]

  /// Every command, in the order help lists them.
  public static let commands: [CommandSpec] = [
    CommandSpec(
      keyword: .print, summary: "prints its arguments, separated by spaces",
      minPositional: 0, maxPositional: .max, options: [], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .seed, summary: "seeds every random choice that follows, making the run repeatable",
      minPositional: 1, maxPositional: 1, options: [], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .train, summary: "trains the current network on `data` and returns the run",
      minPositional: 0, maxPositional: 0, options: trainOptions, acceptsOtherOptions: false),
    CommandSpec(
      keyword: .search, summary: "searches hyperparameters: `search lr: log(1e-4, 1e-1) trials: 20`",
      minPositional: 0, maxPositional: 0,
      options: trainOptions + [
        OptionSpec("trials", "how many trials to run", .searchControl),
        OptionSpec("sampler", Vocabularies.samplers, "tpe (default), random or grid", .searchControl),
        OptionSpec("jobs", "trials run at once", .searchControl),
        OptionSpec("prune", "stop unpromising trials early (default true)", .searchControl),
        OptionSpec(
          "cluster", "run the trials on a Ray cluster: \"ray://HOST:PORT\", or a node's \"HOST:PORT\"",
          .searchControl),
      ],
      acceptsOtherOptions: true),
    CommandSpec(
      keyword: .eval,
      summary: "metrics of the current network on the test part (else validation) of `data` or of on: D",
      minPositional: 0, maxPositional: 0, options: [OptionSpec("on", "the dataset to evaluate on")],
      acceptsOtherOptions: false),
    CommandSpec(
      keyword: .summary, summary: "prints each layer of the current network: output width and parameters",
      minPositional: 0, maxPositional: 0, options: [], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .reset, summary: "re-initialises the current network's weights",
      minPositional: 0, maxPositional: 0, options: [], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .doctor,
      summary: "diagnoses the last run: its causes, their symptoms and fixes, confirmed by short probes",
      minPositional: 0, maxPositional: 0,
      options: [
        OptionSpec("probe", "false: rank by evidence alone, without probes"),
        OptionSpec("budget", "seconds the probes may take (the run's own training time by default)"),
      ], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .fix, summary: "applies the doctor's fixes one at a time, keeping what helps",
      minPositional: 0, maxPositional: 0, options: [OptionSpec("budget", "how many fixes to try")],
      acceptsOtherOptions: false),
    CommandSpec(
      keyword: .save,
      summary:
        "writes the trained network to a .safetensors file, `save \"model.safetensors\"`, or a table to CSV or JSON, `save s to: \"trials.csv\"`",
      minPositional: 0, maxPositional: 1,
      options: [
        OptionSpec(
          "to", "the file to write the value before it to: a search's trials or a list of records, as CSV or .json")
      ], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .resume, summary: "goes on with a training from its checkpoint folder: `resume \"runs/ckpt\"`",
      minPositional: 1, maxPositional: 1, options: [], acceptsOtherOptions: false),
    CommandSpec(
      keyword: .plot, summary: "draws the runs' curves as SVG: `plot loss acc to: \"curves.svg\"`",
      minPositional: 1, maxPositional: 4,
      options: [
        OptionSpec("to", "the SVG file to write"),
        OptionSpec("runs", "the runs to overlay (default: the last)"),
      ],
      positionalVocabulary: Vocabularies.plots, acceptsOtherOptions: false),
    CommandSpec(
      keyword: .report, summary: "writes one HTML page on the last run: plots, network, settings, findings",
      minPositional: 1, maxPositional: 1, options: [], acceptsOtherOptions: false),
  ]

  /// The command `keyword` starts, or nil for a keyword that is not a command (`if`, `net`).
  static func spec(for keyword: Keyword) -> CommandSpec? {
    commands.first { $0.keyword == keyword }
  }

  /// The command words, in catalog order.
  public static var names: [String] { commands.map(\.name) }

  /// The names of `command`'s options that have `trait`.
  static func options(of command: Keyword, with trait: OptionTraits) -> Set<String> {
    Set(spec(for: command)!.options.filter { $0.traits.contains(trait) }.map(\.name))
  }
}
