import NNCore

/// Everything one training is made of: the network, the data, `train`'s options and the
/// seed. `train`, `resume`, `fix`, folds and a search's trials each hand one to a
/// `TrainingSession`; `fix` and the doctor try a recipe again with one thing changed.
struct Recipe {
  var network: NetworkValue
  var dataset: Dataset
  var options: TrainingOptions
  let seed: UInt64
  /// The `train` command's word, where messages about the run point.
  let range: SourceRange
  /// Another seed for the batch order and dropout alone, the initial weights and the split
  /// staying the seed's: the doctor measures a metric's noise by it.
  var shuffleSeed: UInt64? = nil

  /// This recipe with one thing changed.
  func with(_ change: RecipeChange) -> Recipe {
    var changed = self
    switch change {
    case .data(let dataset): changed.dataset = dataset
    case .network(let network): changed.network = network
    case .options(let values):
      for (name, value) in values { changed.options.values[name] = value }
    case .withoutOptions(let names):
      for name in names { changed.options.values[name] = nil }
    }
    return changed
  }

  /// The recipe for a retraining that must leave the user's own run alone: without the
  /// options that keep one run's files (a checkpoint, a log).
  var withoutRunFiles: Recipe {
    with(.withoutOptions(CommandCatalog.options(of: .train, with: .keepsRunFiles)))
  }
}

/// One change to a recipe, as a fix or an experiment makes it.
enum RecipeChange {
  /// Other data: `data = standardize(data)`.
  case data(Dataset)
  /// Another network: a layer replaced, added or removed.
  case network(NetworkValue)
  /// Options set to new values, with where each was written.
  case options([String: (value: Value, range: SourceRange)])
  /// Options taken away.
  case withoutOptions(Set<String>)
}
