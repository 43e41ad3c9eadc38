import NNCore

extension OptionKind where T == Schedule {
  /// A learning rate: a number above 0, or a word of the schedules (`cosine(0.1, 20)`).
  static let schedule = OptionKind(type: "a number above 0 or a schedule") {
    input in try schedule(input.value, input)
  }

  /// `warmup` holds the schedule that follows it, read the same way.
  private static func schedule(_ value: Value, _ input: OptionInput) throws -> Schedule {
    let range = input.range
    if case .number(let n) = value {
      guard n > 0, n.isFinite else {
        throw Diagnostic(
          error: "\(input.name): the learning rate must be above 0, found \(Value.format(n))", at: range)
      }
      return .constant(Float(n))
    }
    guard case .term(let t) = value else {
      throw Diagnostic(error: "\(input.name): expects a number or a schedule, found \(value.typeName)", at: range)
    }
    func required(_ i: Int, _ name: String) throws -> Double {
      guard let n = t.number(i, name) else {
        throw Diagnostic(error: "\(t.name) needs its \(name)", at: range).expecting(
          "\(t.name)(\(Vocabularies.schedules.word(t.name)!.parameters.joined(separator: ", ")))")
      }
      return n
    }
    // Counts of epochs or steps: whole, and small enough to be a count (Int(1e300) would trap).
    func count(_ i: Int, _ name: String) throws -> Int {
      let n = try required(i, name)
      guard n == n.rounded(), n >= 0, n < 1e9 else {
        throw Diagnostic(error: "\(t.name): \(name) must be a whole number ≥ 0, found \(Value.format(n))", at: range)
      }
      return Int(n)
    }
    switch t.name {
    case "exp":
      return .exponential(
        initial: Float(try required(0, "initial")), rate: Float(try required(1, "rate")),
        steps: Float(try required(2, "steps")))
    case "step":
      return .step(
        initial: Float(try required(0, "initial")), factor: Float(try required(1, "factor")),
        every: try count(2, "every"))
    case "cosine":
      return .cosine(
        initial: Float(try required(0, "initial")), epochs: try count(1, "epochs"),
        min: Float(t.number(2, "min") ?? 0))
    case "warmup":
      guard let inner = t.value(1, "schedule") else {
        throw Diagnostic(error: "warmup needs the schedule that follows it", at: range)
      }
      return .warmup(epochs: try count(0, "epochs"), then: try schedule(inner, input))
    case "plateau":
      return .plateau(
        initial: Float(try required(0, "initial")), factor: Float(try required(1, "factor")),
        patience: try count(2, "patience"))
    default: throw Diagnostic(error: "unknown learning-rate schedule '\(t.name)'", at: range)
    }
  }
}
