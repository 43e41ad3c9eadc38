import Foundation
import NNCore

/// `train … checkpoint: DIR every: N` and `resume DIR`.
extension Interpreter {
  /// The observer `train … checkpoint: DIR every: N` asks for, or nil without `checkpoint:`.
  func checkpointObserver(for prepared: PreparedRun) throws -> RunObserver? {
    let (recipe, config) = (prepared.recipe, prepared.config)
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
    var kept: [String: OptionValue] = [:]
    for (name, (value, range)) in options where !CheckpointRun.notKept.contains(name) {
      guard let option = OptionValue(value) else {
        throw Diagnostic(
          error: "a checkpoint keeps train's options as data, and \(name): holds a \(value.typeName)", at: range)
      }
      kept[name] = option
    }
    let dataset = recipe.dataset
    let metadata = ModelMetadata(recipe.network, trainedOn: dataset, preparation: dataset.preparation)
    let run = CheckpointRun(
      options: kept, seed: String(config.seed), script: recipe.range.file.path,
      fresh: prepared.start.isFresh, data: DataIdentity(dataset))
    return CheckpointObserver(
      folder: absolute, shown: shown, every: every, metadata: metadata, run: run, range: folder.range)
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
    // The run's network and options are data: mistakes in them point at the checkpoint's
    // text, and the options' relative paths resolve as the original script's.
    let name = "\(shown)/\(CheckpointFile.name)"
    let network = try network(NetworkText(SourceFile(name: name, text: file.metadata.network)))
    var options: TrainingOptions
    do {
      options = try file.state.run.trainOptions(named: name)
    } catch {
      throw failure(error.reason)
    }
    options.values["checkpoint"] = (.string(absolute), options.values["checkpoint"]?.range ?? range)
    guard let seed = UInt64(file.state.run.seed) else { throw failure("its seed is malformed") }
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: seed, range: range)
    do {
      return .run(try trainInSession(recipe, from: .checkpoint(file)))
    } catch let error as FileFailure {
      throw failure(error.reason)
    }
  }
}
