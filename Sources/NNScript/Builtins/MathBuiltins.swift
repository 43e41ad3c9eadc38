import Foundation

extension Builtins {
  private static func unary(_ name: String, _ summary: String, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
    Builtin(name, "x", summary) { args in .number(f(try args.number(0))) }
  }

  static let math: [Builtin] = [
    unary("abs", "the absolute value") { Swift.abs($0) },
    unary("sqrt", "the square root") { $0.squareRoot() },
    unary("exp", "e to the power x") { Foundation.exp($0) },
    unary("floor", "the largest whole number not above x") { $0.rounded(.down) },
    unary("ceil", "the smallest whole number not below x") { $0.rounded(.up) },
    unary("sin", "the sine") { Foundation.sin($0) },
    unary("cos", "the cosine") { Foundation.cos($0) },
    unary("tanh", "the hyperbolic tangent") { Foundation.tanh($0) },
    Builtin("log", "x base?", "the natural logarithm, or in the given base") { args in
      let x = try args.number(0)
      guard x > 0 else { throw args.failure("log needs a positive number, found \(Value.format(x))", at: 0) }
      guard let base = args[1] else { return .number(Foundation.log(x)) }
      guard case .number(let b) = base, b > 0, b != 1 else {
        throw args.failure("the base must be a positive number other than 1", at: 1)
      }
      // The exact library functions where they exist: log(1000, 10) is 3, not 2.9999999999999996.
      if b == 10 { return .number(Foundation.log10(x)) }
      if b == 2 { return .number(Foundation.log2(x)) }
      return .number(Foundation.log(x) / Foundation.log(b))
    },
    Builtin("pow", "x y", "x to the power y") { args in .number(Foundation.pow(try args.number(0), try args.number(1)))
    },
    Builtin("round", "x digits?", "x rounded half away from zero, to the given decimal digits") { args in
      let x = try args.number(0)
      let digits = args[1] == nil ? 0 : try args.integer(1)
      guard (0...15).contains(digits) else { throw args.failure("digits must be from 0 to 15", at: 1) }
      let scale = Foundation.pow(10, Double(digits))
      return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
    },
    Builtin("isnan", "x", "whether x is not a number") { args in .bool(try args.number(0).isNaN) },
    Builtin("min", "values...", "the smallest of the arguments, or of one list") { args in
      try extreme(args, name: "min", <)
    },
    Builtin("max", "values...", "the largest of the arguments, or of one list") { args in
      try extreme(args, name: "max", >)
    },
    Builtin("sum", "xs", "the sum of a list of numbers") { args in
      var total = 0.0
      for item in try args.list(0) {
        guard case .number(let n) = item else {
          throw args.failure("sum needs numbers, found a \(item.typeName)", at: 0)
        }
        total += n
      }
      return .number(total)
    },
    Builtin("fmt", "x digits", "x as text with exactly the given decimal digits: fmt(0.5, 2) is \"0.50\"") { args in
      let digits = try args.integer(1)
      guard (0...15).contains(digits) else { throw args.failure("digits must be from 0 to 15", at: 1) }
      return .string(String(format: "%.\(digits)f", try args.number(0)))
    },
  ]

  private static func extreme(_ args: Arguments, name: String, _ better: (Double, Double) -> Bool) throws -> Value {
    var items = try args.list(0)
    if items.count == 1, case .list(let inner) = items[0] { items = inner }
    guard !items.isEmpty else { throw ScriptFailure("\(name) of nothing") }
    var best: Double?
    for item in items {
      guard case .number(let n) = item else { throw ScriptFailure("\(name) needs numbers, found a \(item.typeName)") }
      if best == nil || better(n, best!) { best = n }
    }
    return .number(best!)
  }
}
