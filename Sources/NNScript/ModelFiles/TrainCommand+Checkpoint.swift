import Foundation
import NNCore

/// `train … checkpoint: DIR every: N`.
extension TrainCommand {
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
    let (shown, absolute) = try interpreter.path(folder, for: "checkpoint:", what: "a folder", use: .writing)
    var kept: [String: OptionValue] = [:]
    for (name, (value, range)) in options where !CheckpointRun.notKept.contains(name) {
      guard let option = OptionValue(value) else {
        throw Diagnostic(
          error: "a checkpoint keeps train's options as data, and \(name): holds a \(value.typeName)", at: range)
      }
      kept[name] = option
    }
    let dataset = recipe.dataset
    let metadata = ModelMetadata(recipe.network, trainedOn: dataset)
    let run = CheckpointRun(
      options: kept, seed: String(config.seed), script: recipe.range.file.path,
      fresh: prepared.start.isFresh, data: DataIdentity(dataset))
    return CheckpointObserver(
      folder: absolute, shown: shown, every: every, metadata: metadata, run: run, range: folder.range)
  }
}
