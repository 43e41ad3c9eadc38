/// A function implemented in Swift: `len`, `sqrt`, `load`… Its parameter list is its
/// contract: calls are bound by it at run time and checked against it before running.
///
///     if case .builtin(let builtin)? = engine[variable: "round"] {
///       print(builtin.signature, "—", builtin.summary)   // round(x, digits?) — …
///     }
public struct Builtin: Sendable {
  /// One parameter of the signature.
  struct Parameter: Sendable {
    /// The name, as help and diagnostics show it.
    let name: String
    /// Whether a call must give it.
    let isRequired: Bool
  }

  /// The name scripts call it by.
  public let name: String
  /// The parameters, in order.
  let parameters: [Parameter]
  /// Extra positional arguments are collected instead of rejected (`max(a, b, c)`).
  let isVariadic: Bool
  /// One line for help.
  public let summary: String
  let body: @Sendable (Arguments) throws -> Value

  /// `signature` lists parameter names; a trailing `?` marks an optional one and `...` at
  /// the end makes the function variadic: `"x digits?"`, `"values..."`.
  init(_ name: String, _ signature: String, _ summary: String, _ body: @escaping @Sendable (Arguments) throws -> Value)
  {
    var parameters: [Parameter] = []
    var variadic = false
    for part in signature.split(separator: " ") {
      if part.hasSuffix("...") {
        variadic = true
        parameters.append(Parameter(name: String(part.dropLast(3)), isRequired: false))
      } else if part.hasSuffix("?") {
        parameters.append(Parameter(name: String(part.dropLast()), isRequired: false))
      } else {
        parameters.append(Parameter(name: String(part), isRequired: true))
      }
    }
    self.name = name
    self.parameters = parameters
    self.isVariadic = variadic
    self.summary = summary
    self.body = body
  }

  /// `round(x, digits?)`, as help shows it.
  public var signature: String {
    let parts = parameters.enumerated().map { i, p in
      isVariadic && i == parameters.count - 1 ? "\(p.name)..." : p.isRequired ? p.name : "\(p.name)?"
    }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }
}

/// A failure inside a builtin. The interpreter locates it: at the argument it names, else at
/// the whole call.
///
///     engine.define("job_folder", "") { _ in
///       guard let job = currentJob else { throw ScriptFailure("no job is open", label: "open one first") }
///       return .string(job.folder)
///     }
public struct ScriptFailure: Error {
  /// One phrase, no final period.
  public let message: String
  /// The index (from 0) of the argument the failure is about, if one is.
  public let argument: Int?
  /// Printed after the underline, when given.
  public let label: String?

  /// A failure about argument `argument` (from 0), or about the whole call when nil.
  public init(_ message: String, argument: Int? = nil, label: String? = nil) {
    self.message = message
    self.argument = argument
    self.label = label
  }
}

/// The arguments of one builtin call, bound to its parameters: what a host function receives.
/// The typed accessors throw a failure that points at the argument in the script, and
/// ``call(_:_:)`` calls back into a function the script passed:
///
///     engine.define("apply_twice", "f x") { args in
///       let f = try args.value(0)
///       return try args.call(f, [try args.call(f, [try args.value(1)])])
///     }
public struct Arguments {
  /// One entry per parameter; nil where an optional one was not given. For a variadic
  /// builtin the last parameter collects the rest as a list.
  var values: [Value?]
  /// The source index of each parameter's argument, for locating errors.
  var sources: [Int?]
  /// The interpreter running the call, for builtins that need the session (random numbers,
  /// calling back into script functions).
  unowned let interpreter: Interpreter
  /// Where the call was written.
  let site: SourceRange

  /// The argument for parameter `i`; nil where an optional one was not given.
  public subscript(_ i: Int) -> Value? { values[i] }

  /// Calls back into a script function (`sort(xs, key)`), or a builtin, with positional
  /// arguments, as the script would call it. An error inside it is the script's own: it
  /// points at the function's line, with the call of the host function in its traceback.
  public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
    try interpreter.call(function, arguments, at: site)
  }

  /// An error about argument `i`, to throw: the diagnostic underlines that argument.
  public func failure(_ message: String, at i: Int) -> ScriptFailure {
    ScriptFailure(message, argument: sources[i])
  }

  /// Argument `i`, which must be present.
  public func value(_ i: Int) throws -> Value {
    guard let value = values[i] else { throw ScriptFailure("missing argument") }
    return value
  }

  /// Argument `i` as a number.
  public func number(_ i: Int) throws -> Double {
    let v = try value(i)
    guard case .number(let n) = v else { throw failure("expected a number, found \(v.typeName)", at: i) }
    return n
  }

  /// Argument `i` as a number, or `fallback` when it was not given.
  public func number(_ i: Int, default fallback: Double) throws -> Double {
    values[i] == nil ? fallback : try number(i)
  }

  /// Argument `i` as a whole number that fits comfortably in an Int.
  public func integer(_ i: Int) throws -> Int {
    let n = try number(i)
    guard n == n.rounded(), abs(n) < 1e15 else {
      throw failure("expected a whole number, found \(Value.format(n))", at: i)
    }
    return Int(n)
  }

  /// Argument `i` as a string.
  public func string(_ i: Int) throws -> String {
    let v = try value(i)
    guard case .string(let s) = v else { throw failure("expected a string, found \(v.typeName)", at: i) }
    return s
  }

  /// Argument `i` as a list.
  public func list(_ i: Int) throws -> [Value] {
    let v = try value(i)
    guard case .list(let items) = v else { throw failure("expected a list, found \(v.typeName)", at: i) }
    return items
  }

  /// What `for` would loop over in argument `i`: a list's elements, a string's characters, a
  /// record's keys.
  public func elements(_ i: Int) throws -> [Value] {
    let v = try value(i)
    do { return try interpreter.elements(of: v, at: site) } catch {
      throw failure("expected a list, a string or a record, found \(v.typeName)", at: i)
    }
  }

  /// Argument `i` as a record.
  public func record(_ i: Int) throws -> Record {
    let v = try value(i)
    guard case .record(let r) = v else { throw failure("expected a record, found \(v.typeName)", at: i) }
    return r
  }

  func callable(_ i: Int) throws -> Value {
    let v = try value(i)
    switch v {
    case .function, .builtin: return v
    default: throw failure("expected a function, found \(v.typeName)", at: i)
    }
  }
}
