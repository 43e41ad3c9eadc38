import Foundation

/// A JSON value of the lines trials and the Ray bridge exchange: flat objects of numbers,
/// strings and booleans, one object a line.
enum JSONScalar: Decodable, Equatable, Sendable {
  case bool(Bool)
  case number(Double)
  case string(String)
  case null

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let b = try? container.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? container.decode(Double.self) {
      self = .number(n)
    } else {
      self = .string(try container.decode(String.self))
    }
  }

  /// A script value as a trial's parameter: numbers, strings and booleans as themselves,
  /// anything else (a word such as `adam`, a network) as its source text.
  init(_ value: Value) {
    switch value {
    case .number(let n): self = .number(n)
    case .string(let s): self = .string(s)
    case .bool(let b): self = .bool(b)
    default: self = .string(value.description)
    }
  }

  init(_ number: Double?) { self = number.map { .number($0) } ?? .null }

  var number: Double? {
    if case .number(let n) = self { return n }
    return nil
  }

  var text: String {
    switch self {
    case .bool(let b): return b ? "true" : "false"
    // Non-finite numbers are not JSON.
    case .number(let n): return n.isFinite ? (n == n.rounded() && abs(n) <= 0x1p53 ? String(Int64(n)) : "\(n)") : "null"
    case .string(let s): return Self.quoted(s)
    case .null: return "null"
    }
  }

  /// A JSON string, as Foundation's encoder writes it (a string always encodes).
  private static func quoted(_ s: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    return String(decoding: (try? encoder.encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
  }

  /// One JSON object on one line, its fields in the order given.
  static func object(_ fields: [(String, JSONScalar)]) -> String {
    "{" + fields.map { quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
  }

  /// A line of JSON read back as an object of scalars; nil when it is not one.
  static func parse(_ line: String) -> [String: JSONScalar]? {
    try? JSONDecoder().decode([String: JSONScalar].self, from: Data(line.utf8))
  }
}

extension TrialEpoch {
  /// The epoch as a trial prints it, with the trial's number and fold.
  func json(trial: Int, fold: Int) -> String {
    JSONScalar.object([
      ("trial", .number(Double(trial))), ("fold", .number(Double(fold))), ("epoch", .number(Double(epoch))),
      ("loss", .number(loss)), ("acc", JSONScalar(accuracy)), ("val_loss", JSONScalar(validationLoss)),
      ("val_acc", JSONScalar(validationAccuracy)), ("lr", .number(learningRate)), ("seconds", .number(seconds)),
    ])
  }

  /// An epoch line a trial printed, read back.
  init?(json fields: [String: JSONScalar]) {
    guard let epoch = fields["epoch"]?.number, let loss = fields["loss"]?.number else { return nil }
    self.init(
      epoch: Int(epoch), loss: loss, accuracy: fields["acc"]?.number, validationLoss: fields["val_loss"]?.number,
      validationAccuracy: fields["val_acc"]?.number, learningRate: fields["lr"]?.number ?? 0,
      seconds: fields["seconds"]?.number ?? 0)
  }
}
