/// What `fix` retrains: the run the user last saw, as the trainings that made it. The first
/// starts from fresh weights and each later one goes on from the one before, so a `train`
/// that continued an earlier one is reproduced with it.
struct FixLineage {
  /// The trainings the last one went on from, oldest first.
  var earlier: [Recipe]
  var last: Recipe

  /// The lineage of the session's last run: the model's, when the model is that run's.
  init(last: Recipe, model: Model?) {
    self.last = last
    let lineage = model?.lineage ?? []
    earlier = lineage.last.map { $0.isSame(as: last) } == true ? Array(lineage.dropLast()) : []
  }

  /// The lineage with a change: options change the last training, which the user's fix
  /// points at; data and networks change every training, which must share them to go on
  /// from each other.
  func with(_ change: RecipeChange) -> FixLineage {
    var changed = self
    changed.last = last.with(change)
    switch change {
    case .data, .network: changed.earlier = earlier.map { $0.with(change) }
    case .options, .withoutOptions: break
    }
    return changed
  }

  /// Trains every training of the lineage in turn; the outcome is the last one's.
  func train(in session: TrainingSession) throws -> TrainingOutcome {
    var start = TrainingStart.fresh
    for recipe in earlier { start = .continuing(try session.train(recipe.withoutRunFiles, from: start).model) }
    return try session.train(last.withoutRunFiles, from: start)
  }
}

extension Recipe {
  /// Whether this is the recipe of the same `train` as `other`: the same command, seed and
  /// options.
  func isSame(as other: Recipe) -> Bool {
    seed == other.seed && range.start == other.range.start && range.file === other.range.file
      && shuffleSeed == other.shuffleSeed
      && options.values.mapValues { $0.value.display } == other.options.values.mapValues { $0.value.display }
  }
}
