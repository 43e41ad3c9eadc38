import NNCore

/// Where a training's weights come from.
enum TrainingStart {
  /// Newly initialised weights, from the recipe's seed.
  case fresh
  /// The session's model, which goes on from its weights and its optimiser's state.
  case continuing(Model)
  /// A checkpoint's run, which `resume` goes on with after its last saved epoch.
  case checkpoint(CheckpointFile)

  var model: Model? { if case .continuing(let model) = self { model } else { nil } }
  var checkpoint: CheckpointFile? { if case .checkpoint(let file) = self { file } else { nil } }

  /// Whether the run starts from initial weights, as the doctor judges a first epoch.
  var isFresh: Bool {
    switch self {
    case .fresh: true
    case .continuing: false
    case .checkpoint(let file): file.state.run.fresh
    }
  }
}
