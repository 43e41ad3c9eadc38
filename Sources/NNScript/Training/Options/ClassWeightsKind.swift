import NNCore

extension OptionKind where T == [Float] {
  /// `balanced`, or one weight ≥ 0 per class of the data trained on.
  static let classWeights = OptionKind(
    type: "balanced, or a list of numbers ≥ 0, one per class", needsData: true
  ) { input in
    let range = input.range
    guard let dataset = input.dataset, let classes = dataset.targets.classNames?.count else {
      throw Diagnostic(
        error: "\(input.name): class weights need class targets, and this dataset's target is a value", at: range)
    }
    switch input.value {
    case .term(let t) where t.name == "balanced":
      return dataset.balancedClassWeights()
    case .list(let items):
      let weights = items.compactMap { item -> Float? in
        if case .number(let n) = item, n >= 0, n.isFinite { return Float(n) } else { return nil }
      }
      guard weights.count == items.count, weights.count == classes else {
        throw Diagnostic(error: "\(input.name): expects \(classes) numbers ≥ 0, one per class", at: range)
      }
      return weights
    default:
      throw Diagnostic(
        error: "\(input.name): expects balanced or a list of numbers, found \(input.value.typeName)", at: range)
    }
  }
}
