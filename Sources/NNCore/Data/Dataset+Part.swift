extension Dataset {
  /// The rows `rows` as a dataset of their own, with the same columns, shape, fitted
  /// preparation and notes, and no split: `data.train`, `data.val` and `data.test` in a script.
  public func part(_ rows: [Int], named suffix: String) -> Dataset {
    var part = selecting(rows, split: nil)
    part.name = "\(name).\(suffix)"
    return part
  }
}
