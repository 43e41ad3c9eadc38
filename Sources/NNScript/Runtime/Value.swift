/// An nnscript value. Lists and records have value semantics (assigning copies), which is
/// also what lets the REPL restore a session after a failed statement by keeping a copy.
import NNCore

/// An nnscript value, as scripts and hosts pass them around. Builtins, datasets and runs are
/// boxed, so that a list of numbers takes 40 bytes an element rather than their 128.
///
///     engine[variable: "widths"] = .list([.number(16), .number(64)])
///     if case .number(let loss)? = engine[variable: "best_loss"] { print(loss) }
///     print(engine[variable: "r"]?.description ?? "no r")   // <run: 30 epochs, val_acc 0.97…>
public enum Value {
  /// No value: what a statement without one gives, and `none` in scripts.
  case none
  /// `true` or `false`.
  case bool(Bool)
  /// Every number: scripts have no separate integers.
  case number(Double)
  /// Text, as Unicode.
  case string(String)
  /// `[a, b, c]`, copied on assignment.
  case list([Value])
  /// `{name: value, …}`, fields in the order written.
  case record(Record)
  /// A function the script defined, with the scope it was defined in.
  case function(Closure)
  /// A function written in Swift: a builtin, or one a host defined with `Engine.define`.
  indirect case builtin(Builtin)
  /// A word of a vocabulary, possibly with arguments: `adam`, `sgd(momentum: 0.9)`.
  case term(Term)
  /// A `net < … >` literal: the layers as written, not yet compiled.
  case network(NetworkValue)
  /// A dataset: from `load` or `csv`, or built by a host with `Value.dataset(…)`.
  indirect case dataset(DataValue)
  /// A finished training run.
  indirect case run(RunValue)

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
    case .dataset: return "dataset"
    case .run: return "run"
    }
  }
}

/// Fields in the order they were written.
///
///     var settings = Record([("width", .number(64)), ("act", .string("relu"))])
///     settings["dropout"] = .number(0.2)
///     engine[variable: "settings"] = .record(settings)   // {width: 64, act: "relu", dropout: 0.2}
public struct Record {
  /// The field names, in the order written.
  public private(set) var keys: [String] = []
  /// Values in the order of `keys`.
  private(set) var storedValues: [Value] = []
  private var positions: [String: Int] = [:]
  /// How `print` shows it; its fields read the same either way.
  var layout = RecordLayout.fields

  /// A record with no fields.
  public init() {}

  /// A record of `fields` in order; a repeated key keeps its first place and its last value.
  public init(_ fields: [(String, Value)]) {
    for (key, value) in fields { self[key] = value }
  }

  /// The field named `key`, or nil.
  public subscript(key: String) -> Value? {
    get { positions[key].map { storedValues[$0] } }
    set {
      if let i = positions[key] {
        if let newValue {
          storedValues[i] = newValue
        } else {
          keys.remove(at: i)
          storedValues.remove(at: i)
          positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
      } else if let newValue {
        positions[key] = keys.count
        keys.append(key)
        storedValues.append(newValue)
      }
    }
  }

  /// The fields in order, with their values.
  public var fields: [(key: String, value: Value)] { Array(zip(keys, storedValues)) }
  /// The number of fields.
  public var count: Int { keys.count }
}

/// How `print` shows a record.
enum RecordLayout: Sendable {
  /// `{name: value, …}`.
  case fields
  /// A table of counts, rows true classes and columns predicted ones: `eval`'s confusion
  /// matrix, for as long as it keeps that shape.
  case confusion
}

/// A vocabulary word as a value. Commands interpret it (`opt: adam`).
public struct Term {
  /// The word, as written (`adam`).
  public let name: String
  /// Positional arguments given to the word (`cosine(0.1, 30)`).
  public let arguments: [Value]
  /// Named arguments given to the word (`sgd(momentum: 0.9)`).
  public let options: [(name: String, value: Value)]

  /// The word `name` with the arguments it was called with; none when written bare.
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

  /// The function's name, or `fn` for an anonymous one.
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
    case (.list(let a), .list(let b)): return Value.equal(a, b)
    case (.record(let a), .record(let b)): return a.keys == b.keys && Value.equal(a.storedValues, b.storedValues)
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a), .builtin(let b)): return a.name == b.name
    case (.term(let a), .term(let b)): return a.description == b.description
    case (.network(let a), .network(let b)): return a.description == b.description
    case (.dataset(let a), .dataset(let b)):
      return a.features == b.features && a.targets == b.targets && a.split == b.split
    case (.run(let a), .run(let b)): return a.run.history == b.run.history
    default: return false
    }
  }

  /// Element-wise, except that shared storage is equal to itself without a look inside
  /// (as in Python): `x = [x] + [x]` shares, and comparing it element by element would
  /// take time exponential in its depth.
  private static func equal(_ a: [Value], _ b: [Value]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty || a.storageIdentity == b.storageIdentity { return true }
    return zip(a, b).allSatisfy { $0.isEqual(to: $1) }
  }
}

extension Array where Element == Value {
  /// The address of the shared storage: copies that were never changed share it.
  var storageIdentity: UnsafeRawPointer? { withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }
}

extension Value {
  /// How deep lists and records may nest. Deeper values would overflow the stack when they
  /// are compared, printed or freed, so building one is an error instead.
  static let maxNesting = 200

  /// The nesting depth of lists and records (0 for anything else). Past `limit` it stops
  /// looking and answers something above the limit.
  func nesting(limit: Int = Value.maxNesting) -> Int {
    var known: [UnsafeRawPointer: Int] = [:]
    return nesting(limit, &known)
  }

  /// `known` remembers the depth of storage already measured, so shared values are measured
  /// once. A depth cut short by the limit is remembered too; that only happens once the
  /// answer is already "too deep", so it cannot hide a too-deep value.
  private func nesting(_ limit: Int, _ known: inout [UnsafeRawPointer: Int]) -> Int {
    let items: [Value]
    switch self {
    case .list(let elements): items = elements
    case .record(let record): items = record.storedValues
    default: return 0
    }
    guard limit >= 0 else { return 1 }
    guard let identity = items.storageIdentity else { return 1 }
    if let depth = known[identity] { return depth }
    var deepest = 0
    for item in items { deepest = Swift.max(deepest, item.nesting(limit - 1, &known)) }
    known[identity] = deepest + 1
    return deepest + 1
  }
}

extension Value {
  /// Whether the value is a list.
  var isList: Bool {
    if case .list = self { return true }
    return false
  }
}
