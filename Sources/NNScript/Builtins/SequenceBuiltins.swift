import NNCore

/// Data for sequence models: forecasting windows of a series, and generated long-range tasks.
extension Builtins {
  static let sequences: [Builtin] = [
    Builtin(
      "windows", "series length horizon? column? split?",
      "forecasting samples of a series (a list of numbers, or a dataset's target or column:): length values each, the value horizon steps later to predict, split in time order (split: 0.8, or [0.7, 0.15] for a test part too)"
    ) { args in
      let length = try args.integer(1, atLeast: 1)
      let horizon = args[2] == nil ? 1 : try args.integer(2, atLeast: 1)
      var windows = Windows(length: length, horizon: horizon)
      if args[4] != nil { (windows.train, windows.validation) = try args.timeSplit(4) }
      let (series, name, valueName) = try args.series(0, column: 3)
      return .dataset(try args.data(at: nil) { try windows.dataset(of: series, named: name, valueName: valueName) })
    },
    generator(
      "adding", "n? length? seed?",
      "the adding problem: length × 2 steps of a value and a marker, the target the sum of the two marked values"
    ) { args, rng in
      try Synthetic.adding(n: try args.integer(0, default: 1000), length: try args.integer(1, default: 50), using: &rng)
    },
    generator("parity", "n? length? seed?", "bit sequences (length × 1) labelled \"0\" or \"1\" by their parity") {
      args, rng in
      try Synthetic.parity(n: try args.integer(0, default: 1000), length: try args.integer(1, default: 8), using: &rng)
    },
  ]
}

extension Arguments {
  /// Argument `i` as a series: a list of numbers, or a dataset's column (argument `column`, by
  /// default its regression target); with the dataset's name and the values' name.
  fileprivate func series(_ i: Int, column: Int) throws -> (values: [Float], name: String, valueName: String) {
    switch try value(i) {
    case .list(let items):
      guard self[column] == nil else { throw failure("column: names a column of a dataset, not of a list", at: column) }
      let values = try items.enumerated().map { index, item -> Float in
        guard case .number(let n) = item else {
          throw failure("a series holds numbers, but element \(index + 1) is \(item.typeName)", at: i)
        }
        return Float(n)
      }
      return (values, "windows", "value")
    case .dataset(let data):
      let name = try self[column].map { _ in try string(column) }
      let series = try self.data(at: name == nil ? i : column, asking: name) { try data.dataset.series(column: name) }
      return (series.values, data.dataset.name, series.name)
    case let other:
      throw failure("windows takes a list of numbers or a dataset, found \(other.typeName)", at: i)
    }
  }

  /// Argument `i` as the parts of a time-ordered split: the training fraction (the rest
  /// validates), or a list of the training and validation fractions (the rest is the test part).
  fileprivate func timeSplit(_ i: Int) throws -> (train: Double, validation: Double?) {
    switch try value(i) {
    case .number(let train): return (train, nil)
    case .list(let items):
      let fractions = try items.map { item -> Double in
        guard case .number(let n) = item else { throw failure("split: holds fractions, found \(item.typeName)", at: i) }
        return n
      }
      guard (1...2).contains(fractions.count) else {
        throw failure("split: takes the training fraction, or the training and validation fractions", at: i)
      }
      return (fractions[0], fractions.count == 2 ? fractions[1] : nil)
    case let other: throw failure("split: takes a fraction or a list of two, found \(other.typeName)", at: i)
    }
  }
}
