/// One of `train`'s options as a checkpoint keeps it: typed JSON, read back as data. What
/// `train` takes and a checkpoint can keep is a number, a string, `true` or `false`, `none`, a
/// list of these, or a word with such arguments (`adam`, `sgd(momentum: 0.9)`,
/// `warmup(5, cosine(0.1, 30))`): `{"number": 30}`, `{"word": "sgd", "options": {"momentum": …}}`.
indirect enum OptionValue: Codable, Equatable {
  case none
  case bool(Bool)
  case number(Double)
  case string(String)
  case list([OptionValue])
  case word(String, arguments: [OptionValue], options: [String: OptionValue])

  /// Values nest no deeper than this in a file: `warmup(5, cosine(0.1, 30))` is three levels.
  static let maxDepth = 8

  /// The value nnscript keeps for `value`, `depth` levels down; nil for one a checkpoint
  /// cannot keep (a function, a dataset, a non-finite number, a nesting past `maxDepth`).
  init?(_ value: Value, depth: Int = 1) {
    guard depth <= Self.maxDepth else { return nil }
    switch value {
    case .none: self = .none
    case .bool(let b): self = .bool(b)
    case .number(let n) where n.isFinite: self = .number(n)
    case .string(let s): self = .string(s)
    case .list(let items):
      var kept: [OptionValue] = []
      for item in items {
        guard let item = OptionValue(item, depth: depth + 1) else { return nil }
        kept.append(item)
      }
      self = .list(kept)
    case .term(let term):
      var arguments: [OptionValue] = []
      var options: [String: OptionValue] = [:]
      for argument in term.arguments {
        guard let argument = OptionValue(argument, depth: depth + 1) else { return nil }
        arguments.append(argument)
      }
      for (name, option) in term.options {
        guard let option = OptionValue(option, depth: depth + 1) else { return nil }
        options[name] = option
      }
      self = .word(term.name, arguments: arguments, options: options)
    default: return nil
    }
  }

  /// The value as `train` reads it.
  var value: Value {
    switch self {
    case .none: .none
    case .bool(let b): .bool(b)
    case .number(let n): .number(n)
    case .string(let s): .string(s)
    case .list(let items): .list(items.map(\.value))
    case .word(let name, let arguments, let options):
      .term(
        Term(
          name: name, arguments: arguments.map(\.value),
          options: options.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) }))
    }
  }

  private enum CodingKeys: String, CodingKey {
    case none, bool, number, string, list, word, arguments, options
  }

  func encode(to encoder: Encoder) throws {
    var fields = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .none: try fields.encode(true, forKey: .none)
    case .bool(let b): try fields.encode(b, forKey: .bool)
    case .number(let n): try fields.encode(n, forKey: .number)
    case .string(let s): try fields.encode(s, forKey: .string)
    case .list(let items): try fields.encode(items, forKey: .list)
    case .word(let name, let arguments, let options):
      try fields.encode(name, forKey: .word)
      if !arguments.isEmpty { try fields.encode(arguments, forKey: .arguments) }
      if !options.isEmpty { try fields.encode(options, forKey: .options) }
    }
  }

  /// Exactly one of the shapes `encode` writes, nested at most `maxDepth` deep.
  init(from decoder: Decoder) throws {
    func malformed(_ reason: String) -> DecodingError {
      DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: reason))
    }
    // An option's own place in the state is three coding keys (`run`, `train_options`, its
    // name), and each level below it two more (`list`, then an index).
    guard decoder.codingPath.count <= 3 + 2 * (Self.maxDepth - 1) else { throw malformed("nested too deep") }
    let fields = try decoder.container(keyedBy: CodingKeys.self)
    let keys = Set(fields.allKeys)
    switch keys {
    case [.none]:
      guard try fields.decode(Bool.self, forKey: .none) else { throw malformed("none is written true") }
      self = .none
    case [.bool]: self = .bool(try fields.decode(Bool.self, forKey: .bool))
    case [.number]:
      let n = try fields.decode(Double.self, forKey: .number)
      guard n.isFinite else { throw malformed("not a finite number") }
      self = .number(n)
    case [.string]: self = .string(try fields.decode(String.self, forKey: .string))
    case [.list]: self = .list(try fields.decode([OptionValue].self, forKey: .list))
    case _ where keys.contains(.word) && keys.isSubset(of: [.word, .arguments, .options]):
      self = .word(
        try fields.decode(String.self, forKey: .word),
        arguments: try fields.decodeIfPresent([OptionValue].self, forKey: .arguments) ?? [],
        options: try fields.decodeIfPresent([String: OptionValue].self, forKey: .options) ?? [:])
    default: throw malformed("not one value")
    }
  }
}
