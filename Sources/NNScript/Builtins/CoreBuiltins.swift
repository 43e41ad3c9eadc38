import Foundation
import NNCore

extension Builtins {
  static let core: [Builtin] = [
    Builtin("len", "x", "the number of elements of a list, characters of a string or fields of a record") { args in
      switch try args.value(0) {
      case .list(let items): return .number(Double(items.count))
      case .string(let s): return .number(Double(s.count))
      case .record(let r): return .number(Double(r.count))
      case let other: throw args.failure("a \(other.typeName) has no length", at: 0)
      }
    },
    Builtin("str", "x", "the value as text") { args in .string(try args.value(0).display) },
    Builtin("num", "text", "the number a string spells, or none when it spells none") { args in
      let text = try args.string(0).trimmingCharacters(in: .whitespaces)
      guard let n = Double(text.replacingOccurrences(of: "_", with: "")) else { return .none }
      return .number(n)
    },
    Builtin("type", "x", "the name of the value's type") { args in .string(try args.value(0).typeName) },
    Builtin("fail", "message", "stops the script with an error at the call") { args in
      throw ScriptFailure(try args.value(0).display)
    },
    Builtin("clock", "", "seconds since an arbitrary start, for timing") { _ in
      .number(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
    },
    Builtin("random", "", "a uniform random number in [0, 1), from the session's seed") { args in
      .number(args.interpreter.random.nextUnit())
    },
    Builtin("randint", "low high", "a random whole number from low to high, both included") { args in
      let low = try args.integer(0)
      let high = try args.integer(1)
      guard low <= high else { throw args.failure("low must not be above high", at: 1) }
      let span = Double(high - low + 1)
      return .number(Double(low) + (args.interpreter.random.nextUnit() * span).rounded(.down))
    },
  ]
}
