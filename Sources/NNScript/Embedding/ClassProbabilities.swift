/// One sample's probability of each class, as `predict(x, probs: true)` gives them: in a
/// script a record of class name → probability (`p.setosa`, `p["0"]` for digit names), in
/// Swift this.
///
///     let rows = try engine.classProbabilities(of: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])
///     for row in rows { print(row.mostLikely, row["setosa"] ?? 0) }
///     if let p = ClassProbabilities(engine[variable: "p"]) { print(p.probabilities) }
public struct ClassProbabilities: Sendable, Equatable {
  /// The class names, in the data's class order.
  public let classes: [String]
  /// The probability of each class of `classes`; they sum to 1.
  public let probabilities: [Double]

  /// The probability of the class named `name`; nil for a name that is no class.
  public subscript(_ name: String) -> Double? { classes.firstIndex(of: name).map { probabilities[$0] } }

  /// The most probable class, the first of equals.
  public var mostLikely: String { classes[probabilities.indices.max { probabilities[$0] < probabilities[$1] }!] }

  /// The probabilities a record of numbers holds, as `predict(x, probs: true)` gives one per
  /// sample; nil for any other value.
  public init?(_ value: Value?) {
    guard case .record(let record)? = value, record.count > 0 else { return nil }
    let numbers = record.fields.compactMap { field -> Double? in
      if case .number(let p) = field.value { return p } else { return nil }
    }
    guard numbers.count == record.count else { return nil }
    classes = record.keys
    probabilities = numbers
  }
}
