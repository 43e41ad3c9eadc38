/// An nnscript value. Lists and records have value semantics (assigning copies), which is
/// also what lets the REPL restore a session after a failed statement by keeping a copy.
public enum Value {
  case none
  case bool(Bool)
  case number(Double)
  case string(String)
  case list([Value])
  case record(Record)
  case function(Closure)
  case builtin(Builtin)
  /// A word of a vocabulary, possibly with arguments: `adam`, `sgd(momentum: 0.9)`.
  case term(Term)
  case network(NetworkValue)

  /// The type's name as scripts see it (`type(x)`, error messages).
  public var typeName: String {
    switch self {
    case .none: return "none"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .record: return "record"
    case .function, .builtin: return "function"
    case .term: return "word"
    case .network: return "network"
    }
  }
}

/// Fields in the order they were written.
public struct Record {
  public private(set) var keys: [String] = []
  private var values: [String: Value] = [:]

  public init() {}

  public init(_ fields: [(String, Value)]) {
    for (key, value) in fields { self[key] = value }
  }

  public subscript(key: String) -> Value? {
    get { values[key] }
    set {
      if values[key] == nil, newValue != nil { keys.append(key) }
      if newValue == nil { keys.removeAll { $0 == key } }
      values[key] = newValue
    }
  }

  public var fields: [(key: String, value: Value)] { keys.map { ($0, values[$0]!) } }
  public var count: Int { keys.count }
}

/// A vocabulary word as a value. Commands interpret it (`opt: adam`).
public struct Term {
  public let name: String
  public let arguments: [Value]
  public let options: [(name: String, value: Value)]

  public init(name: String, arguments: [Value] = [], options: [(name: String, value: Value)] = []) {
    self.name = name
    self.arguments = arguments
    self.options = options
  }
}

/// A user function together with the scope it was defined in.
public final class Closure {
  let declaration: FunctionDecl
  let environment: Environment

  init(declaration: FunctionDecl, environment: Environment) {
    self.declaration = declaration
    self.environment = environment
  }

  public var name: String { declaration.name?.text ?? "fn" }
}

extension Value {
  /// Structural equality for data; functions are equal only to themselves.
  public func isEqual(to other: Value) -> Bool {
    switch (self, other) {
    case (.none, .none): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
    case (.record(let a), .record(let b)):
      return a.count == b.count && a.fields.allSatisfy { field in b[field.key].map { field.value.isEqual(to: $0) } ?? false }
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a), .builtin(let b)): return a.name == b.name
    case (.term(let a), .term(let b)): return a.description == b.description
    case (.network(let a), .network(let b)): return a.description == b.description
    default: return false
    }
  }
}
