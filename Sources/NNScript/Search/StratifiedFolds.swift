import NNCore

/// K-fold cross-validation over a dataset's training part: each class's rows are shuffled and
/// dealt round the folds in turn, so every fold keeps the class proportions (regression
/// targets are dealt as one group).
struct StratifiedFolds {
  /// The validation rows of each fold; each fold trains on the rows of the others.
  let folds: [[Int]]

  init(_ dataset: Dataset, count: Int, seed: UInt64) {
    let rows = dataset.trainingRows
    var groups: [[Int]]
    if case .classes(let labels, let names) = dataset.targets {
      groups = [[Int]](repeating: [], count: names.count)
      for row in rows { groups[Int(labels[row])].append(row) }
    } else {
      groups = [rows]
    }
    var random = SeededGenerator(seed: seed)
    var folds = [[Int]](repeating: [], count: count)
    var next = 0
    for var group in groups {
      for i in stride(from: group.count - 1, to: 0, by: -1) {
        group.swapAt(i, Int(random.nextUnit() * Double(i + 1)))
      }
      // Each class starts where the last one stopped, so fold sizes differ by at most one.
      for row in group {
        folds[next].append(row)
        next = (next + 1) % count
      }
    }
    self.folds = folds
  }

  /// The dataset split for fold `k`: the other folds train, fold `k` validates.
  func split(_ dataset: Dataset, fold k: Int) -> Dataset {
    let train = folds.indices.filter { $0 != k }.flatMap { folds[$0] }.sorted()
    // The preparation is fitted again on the fold's training rows: no fold's statistics come
    // from the rows it validates on.
    return dataset.splitting(
      Dataset.Split(train: train, validation: folds[k].sorted(), test: dataset.split?.test ?? []))
  }
}
