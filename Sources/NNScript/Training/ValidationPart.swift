import NNCore

extension Dataset {
  /// The data with a part to validate on: as it is when it has one, else with a stratified
  /// 20% held out by `seed`, so that a run is judged on data it did not train on.
  func withValidationPart(seed: UInt64) throws -> (dataset: Dataset, heldOut: Bool) {
    if let split, !split.validation.isEmpty { return (self, false) }
    var rng = SeededGenerator(seed: seed)
    // A split without a validation part is undone first; unsplit data is split as it is,
    // fitted once, on the part it trains on.
    let whole = split == nil ? self : splitting(nil)
    return (try whole.split(train: 0.8, using: &rng), true)
  }
}

extension Diagnostic {
  /// Said once when a command holds out a validation part the data did not have.
  static func heldOutValidation(at range: SourceRange) -> Diagnostic {
    Diagnostic(
      severity: .note,
      message: "the data has no validation part: holding out a stratified 20% (split(data, 0.8) chooses)", at: range)
  }
}
