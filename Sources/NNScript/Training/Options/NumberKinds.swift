extension OptionInput {
  /// The value as a finite number.
  func number() throws -> Double {
    guard case .number(let n) = value else {
      throw Diagnostic(error: "\(name): expects a number, found \(value.typeName)", at: range)
    }
    guard n.isFinite else {
      throw Diagnostic(error: "\(name): expects a finite number, found \(Value.format(n))", at: range)
    }
    return n
  }
}

extension OptionKind where T == Int {
  /// A whole number from `low`: counts stay below 10⁹, where `Int(n)` cannot trap.
  static func wholeNumber(atLeast low: Int, below high: Double = 1e9) -> OptionKind {
    OptionKind(type: "a whole number ≥ \(low)") { input in
      let n = try input.number()
      guard n == n.rounded(), n >= Double(low) else {
        throw Diagnostic(
          error: "\(input.name): expects a whole number ≥ \(low), found \(Value.format(n))", at: input.range)
      }
      guard n < high else {
        throw Diagnostic(
          error: "\(input.name): expects a whole number below \(Value.format(high)), found \(Value.format(n))",
          at: input.range)
      }
      return Int(n)
    }
  }
}

extension OptionKind where T == UInt64 {
  /// A seed may be any whole number a script's numbers hold exactly (below 2⁵³), as the seeds
  /// a search gives its trials are.
  static let seed: OptionKind = {
    let whole = OptionKind<Int>.wholeNumber(atLeast: 0, below: 0x1p53)
    return OptionKind(type: "a whole number ≥ 0, below 2^53") { UInt64(try whole.read($0)) }
  }()
}

extension OptionKind where T == Float {
  static let positive = OptionKind(type: "a number above 0") { input in
    let n = try input.number()
    guard n > 0 else {
      throw Diagnostic(error: "\(input.name): expects a number above 0, found \(Value.format(n))", at: input.range)
    }
    return Float(n)
  }

  static let nonNegative = OptionKind(type: "a number ≥ 0") { input in
    let n = try input.number()
    guard n >= 0 else {
      throw Diagnostic(error: "\(input.name): expects a number ≥ 0, found \(Value.format(n))", at: input.range)
    }
    return Float(n)
  }
}
