import Foundation
import NNCore

extension Interpreter {
  func evaluate(_ expr: Expr) throws -> Value {
    guard StackGuard.hasRoom else { throw error("nested too deeply for the stack of this thread", at: expr.range) }
    switch expr.kind {
    case .number(let n): return .number(n)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .none: return .none
    case .list(let elements):
      let items = try elements.map(evaluate)
      for (item, element) in zip(items, elements) { try checkNesting(item, inside: 1, at: element.range) }
      return .list(items)
    case .record(let entries):
      var record = Record()
      for entry in entries {
        let value = try evaluate(entry.value)
        try checkNesting(value, inside: 1, at: entry.value.range)
        record[entry.key.text] = value
      }
      return .record(record)
    case .variable(let name):
      return try lookup(name, at: expr.range)
    case .unary(let op, let operandExpr):
      let operand = try evaluate(operandExpr)
      switch (op, operand) {
      case (.negate, .number(let n)): return .number(-n)
      case (.not, .bool(let b)): return .bool(!b)
      default:
        throw error("'\(op.rawValue)' cannot be applied to a \(operand.typeName)", at: expr.range)
      }
    case .binary(.and, let left, let right):
      return .bool(try truth(left, "the left side of 'and'") && truth(right, "the right side of 'and'"))
    case .binary(.or, let left, let right):
      return .bool(try truth(left, "the left side of 'or'") || truth(right, "the right side of 'or'"))
    case .binary(let op, let left, let right):
      return try apply(op, try evaluate(left), try evaluate(right), at: expr.range)
    case .call(let calleeExpr, let arguments):
      let callee = try evaluate(calleeExpr)
      var positional: [Value] = []
      var named: [(Name, Value)] = []
      for argument in arguments {
        let value = try evaluate(argument.value)
        if let label = argument.label { named.append((label, value)) } else { positional.append(value) }
      }
      // Ranges in binding order: positional first, then named.
      let ranges =
        arguments.filter { $0.label == nil }.map(\.value.range) + arguments.filter { $0.label != nil }.map(\.range)
      return try call(callee, positional: positional, named: named, argumentRanges: ranges, at: expr.range)
    case .member(let baseExpr, let name):
      return try member(try evaluate(baseExpr), name, at: expr.range)
    case .index(let baseExpr, let indexExpr):
      return try index(try evaluate(baseExpr), try evaluate(indexExpr), at: indexExpr.range)
    case .function(let decl):
      return .function(Closure(declaration: decl, environment: environment))
    case .command(let call):
      return try runCommand(call, at: expr.range)
    case .network(let literal):
      return .network(try buildNetwork(literal, at: expr.range))
    }
  }

  /// Strings built by operators and builtins stay below a size that a script could mean:
  /// a doubling loop would otherwise exhaust memory and take the process down.
  static let maxSize = 100_000_000
  /// Lists likewise, counted in elements, each of which takes `MemoryLayout<Value>.stride` bytes.
  static let maxCount = 10_000_000

  /// Throws, before it is built, when a string would hold more than `maxSize` bytes.
  func checkSize(_ size: Int, at range: SourceRange) throws {
    if size > Interpreter.maxSize {
      throw error("the result would hold more than \(Interpreter.maxSize) bytes", at: range)
    }
  }

  /// Throws, before it is built, when a list would hold more than `maxCount` elements.
  func checkCount(_ count: Int, at range: SourceRange) throws {
    if count > Interpreter.maxCount {
      throw error("the result would hold more than \(Interpreter.maxCount) elements", at: range)
    }
  }

  /// Refuses to put `value` `levels` deep inside containers when that nests too deeply.
  func checkNesting(_ value: Value, inside levels: Int, at range: SourceRange) throws {
    if value.nesting(limit: Value.maxNesting - levels) + levels > Value.maxNesting {
      throw error("lists and records may not nest more than \(Value.maxNesting) levels deep", at: range)
    }
  }

  func lookup(_ name: String, at range: SourceRange) throws -> Value {
    if let value = environment.lookup(name) { return value }
    throw error("'\(name)' is used before it is assigned", at: range)
  }

  func apply(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws -> Value {
    switch (op, left, right) {
    case (.equal, _, _): return .bool(left.isEqual(to: right))
    case (.notEqual, _, _): return .bool(!left.isEqual(to: right))
    case (.in, _, _), (.notIn, _, _):
      let found = try contains(right, left, at: range)
      return .bool(op == .in ? found : !found)
    case (.add, .number(let a), .number(let b)): return .number(a + b)
    case (.add, .string, _), (.add, _, .string):
      let (a, b) = (left.display, right.display)
      try checkSize(a.utf8.count + b.utf8.count, at: range)
      return .string(a + b)
    case (.add, .list(let a), .list(let b)):
      try checkCount(a.count + b.count, at: range)
      return .list(a + b)
    case (.add, .record(var a), .record(let b)):
      for field in b.fields { a[field.key] = field.value }
      return .record(a)
    case (.subtract, .number(let a), .number(let b)): return .number(a - b)
    case (.multiply, .number(let a), .number(let b)): return .number(a * b)
    case (.multiply, .string(let s), .number(let n)), (.multiply, .number(let n), .string(let s)):
      guard n >= 0, n == n.rounded(), n < 1e15 else {
        throw error("a string can only be repeated a whole number of times", at: range)
      }
      let (size, overflow) = s.utf8.count.multipliedReportingOverflow(by: Int(n))
      try checkSize(overflow ? .max : size, at: range)
      return .string(String(repeating: s, count: Int(n)))
    case (.divide, .number(let a), .number(let b)):
      guard b != 0 else { throw error("division by zero", at: range) }
      return .number(a / b)
    case (.modulo, .number(let a), .number(let b)):
      guard b != 0 else { throw error("modulo by zero", at: range) }
      // Floored, like Python: the result has the sign of the divisor.
      let r = a.truncatingRemainder(dividingBy: b)
      return .number(r != 0 && (r < 0) != (b < 0) ? r + b : r)
    case (.power, .number(let a), .number(let b)): return .number(pow(a, b))
    case (.less, .number(let a), .number(let b)): return .bool(a < b)
    case (.lessEqual, .number(let a), .number(let b)): return .bool(a <= b)
    case (.greater, .number(let a), .number(let b)): return .bool(a > b)
    case (.greaterEqual, .number(let a), .number(let b)): return .bool(a >= b)
    case (.less, .string(let a), .string(let b)): return .bool(a < b)
    case (.lessEqual, .string(let a), .string(let b)): return .bool(a <= b)
    case (.greater, .string(let a), .string(let b)): return .bool(a > b)
    case (.greaterEqual, .string(let a), .string(let b)): return .bool(a >= b)
    default:
      throw error("'\(op.rawValue)' cannot be applied to a \(left.typeName) and a \(right.typeName)", at: range)
    }
  }

  private func contains(_ container: Value, _ item: Value, at range: SourceRange) throws -> Bool {
    switch (container, item) {
    case (.list(let items), _): return items.contains { $0.isEqual(to: item) }
    case (.record(let r), .string(let key)): return r[key] != nil
    case (.string(let s), .string(let part)): return part.isEmpty || s.contains(part)
    default:
      throw error("'in' cannot look for a \(item.typeName) in a \(container.typeName)", at: range)
    }
  }

  private func member(_ base: Value, _ name: Name, at range: SourceRange) throws -> Value {
    if case .run(let run) = base {
      guard let value = run.member(name.text) else {
        throw Diagnostic(error: "a run has no member '\(name.text)'", at: name.range)
          .suggesting(name.text, from: RunValue.memberNames).located(in: self)
      }
      return value
    }
    if case .dataset(let data) = base {
      guard let value = data.dataset.member(name.text) else {
        throw Diagnostic(error: "a dataset has no member '\(name.text)'", at: name.range)
          .suggesting(name.text, from: Dataset.memberNames).located(in: self)
      }
      return value
    }
    guard case .record(let record) = base else {
      throw error("a \(base.typeName) has no members", at: name.range, label: "'.\(name.text)' needs a record")
    }
    guard let value = record[name.text] else {
      throw Diagnostic(error: "the record has no field '\(name.text)'", at: name.range)
        .suggesting(name.text, from: record.keys).located(in: self)
    }
    return value
  }

  private func index(_ base: Value, _ index: Value, at range: SourceRange) throws -> Value {
    switch (base, index) {
    case (.list(let items), _):
      return items[try listIndex(index, count: items.count, at: range)]
    case (.string(let s), _):
      let characters = Array(s)
      return .string(String(characters[try listIndex(index, count: characters.count, at: range)]))
    case (.record(let r), .string(let key)):
      guard let value = r[key] else {
        throw Diagnostic(error: "the record has no field '\(key)'", at: range).suggesting(key, from: r.keys).located(
          in: self)
      }
      return value
    default:
      throw error("a \(base.typeName) cannot be indexed by a \(index.typeName)", at: range)
    }
  }
}

extension Diagnostic {
  /// Attaches the interpreter's current traceback to a diagnostic built elsewhere.
  func located(in interpreter: Interpreter) -> RuntimeError {
    var runtime = interpreter.error(message, at: range!, label: label)
    runtime.diagnostic.fixIts = fixIts
    return runtime
  }
}
