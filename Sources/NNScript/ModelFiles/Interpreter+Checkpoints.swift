import Foundation
import NNCore

/// `train … checkpoint: DIR every: N` and `resume DIR`.
extension Interpreter {
  /// The observer `train … checkpoint: DIR every: N` asks for, or nil without `checkpoint:`.
  func checkpointObserver(for recipe: Recipe, config: TrainingConfig) throws -> RunObserver? {
    let options = recipe.options.values
    guard let folder = options["checkpoint"] else {
      if let (_, range) = options["every"] {
        throw Diagnostic(error: "every: says how often to save a checkpoint, and there is no checkpoint:", at: range)
          .expecting("checkpoint: \"DIR\" beside it")
      }
      return nil
    }
    var every = 1
    if let (value, range) = options["every"] {
      guard case .number(let n) = value, n >= 1, n == n.rounded(), n < 1e9 else {
        throw Diagnostic(error: "every: expects a whole number of epochs ≥ 1, found \(value.description)", at: range)
      }
      every = Int(n)
    }
    if config.restarts > 0 {
      throw Diagnostic(error: "a run with restarts: cannot be checkpointed: each restart starts over", at: folder.range)
    }
    let (shown, absolute) = try path(folder, for: "checkpoint:", what: "a folder", use: .writing)
    for (name, (value, range)) in options where name != "on" && name != "net" && !Self.writable(value) {
      throw Diagnostic(
        error: "a checkpoint keeps train's options as nnscript text, and \(name): holds a \(value.typeName)", at: range)
    }
    let dataset = recipe.dataset
    let metadata = ModelMetadata(recipe.network, trainedOn: dataset, preparation: dataset.preparation)
    let fresh = model.map { !$0.fits(recipe.network, dataset) } ?? true
    let run = CheckpointRun(
      options: Self.optionsText(recipe.options), seed: String(config.seed), script: recipe.range.file.path,
      fresh: fresh, data: DataIdentity(dataset))
    return CheckpointObserver(
      folder: absolute, shown: shown, every: every, metadata: metadata, run: run, range: folder.range)
  }

  /// Whether nnscript text written from `value` reads back as the same value.
  private static func writable(_ value: Value) -> Bool {
    switch value {
    case .none, .bool, .string: true
    case .number(let n): n.isFinite
    case .list(let items): items.allSatisfy(writable)
    case .record(let record): record.fields.allSatisfy { writable($0.value) }
    case .term(let term): term.arguments.allSatisfy(writable) && term.options.allSatisfy { writable($0.value) }
    default: false
    }
  }

  /// `train`'s options as nnscript writes them, in name order: all but the data and the
  /// network, which a checkpoint keeps in its own way.
  private static func optionsText(_ options: TrainingOptions) -> String {
    options.values.filter { $0.key != "on" && $0.key != "net" }.sorted { $0.key < $1.key }
      .map { "\($0.key): \($0.value.value.description)" }.joined(separator: " ")
  }

  func resume(from folder: (Value, SourceRange), at range: SourceRange) throws -> Value {
    let (shown, absolute) = try path(folder, for: "resume", what: "a folder", use: .reading)
    func failure(_ reason: String) -> Diagnostic {
      Diagnostic(error: "cannot resume from '\(shown)': \(reason)", at: folder.1)
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
      throw failure("there is no such folder")
    }
    let file: CheckpointFile
    do {
      file = try CheckpointFile(folder: absolute)
    } catch {
      throw failure(error.reason)
    }
    guard case .dataset(let dataset)? = environment.lookup("data") else {
      throw Diagnostic(error: "'resume' trains on `data`, which holds no dataset", at: range)
        .expecting("data = … as the checkpointed train had it, before this line")
    }
    let identity = DataIdentity(dataset)
    guard identity.matches(file.state.run.data) else {
      let saved = file.state.run.data
      let difference =
        identity.samples == saved.samples && identity.features == saved.features && identity.classes == saved.classes
        ? "`data` holds other values of that shape" : "`data` is \(identity.description)"
      throw Diagnostic(error: "the checkpoint was made on \(saved.description), but \(difference)", at: range)
        .expecting("the data the checkpointed train had, prepared and split the same way")
    }
    // The run's network and options, as a little script named after the checkpoint, so that
    // mistakes in them point at its text and relative paths resolve as the original script's.
    let source = SourceFile(
      name: "\(shown)/\(CheckpointFile.name)", text: file.metadata.network + "\ntrain " + file.state.run.options,
      path: file.state.run.script)
    let network = try network(file.metadata.network, in: source)
    var options = try trainOptions(in: source)
    options.values["checkpoint"] = (.string(absolute), options.values["checkpoint"]?.range ?? range)
    guard let seed = UInt64(file.state.run.seed) else { throw failure("its seed is malformed") }
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: seed, range: range)
    do {
      return .run(try trainInSession(recipe, continuing: nil, from: file))
    } catch let error as ModelFileError {
      throw failure(error.reason)
    }
  }

  /// The options of the `train` line that follows the network in `file`, evaluated.
  private func trainOptions(in file: SourceFile) throws -> TrainingOptions {
    let program = Parser.parse(file)
    guard program.diagnostics.isEmpty, program.statements.count == 2,
      case .expression(let expr) = program.statements[1].kind, case .command(let call) = expr.kind,
      let spec = CommandCatalog.spec(for: call.command)
    else {
      let line = SourceRange(file: file, start: file.startOffset(ofLine: 2), end: file.text.utf8.count)
      throw Diagnostic(error: "the checkpoint's train options do not read as nnscript", at: line)
    }
    var options = TrainingOptions(values: [:])
    for argument in call.arguments {
      guard let label = argument.label, let option = spec.option(label.text) else {
        throw Diagnostic(error: "the checkpoint's train options hold one 'train' does not take", at: argument.range)
      }
      options.values[label.text] = (try evaluate(argument.value, words: option.vocabulary), argument.value.range)
    }
    return options
  }
}
