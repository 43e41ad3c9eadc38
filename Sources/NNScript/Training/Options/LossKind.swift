import NNCore

extension OptionKind where T == Loss {
  static let loss = OptionKind(type: "a loss") { input in
    guard case .term(let t) = input.value else {
      throw Diagnostic(error: "\(input.name): expects a loss, found \(input.value.typeName)", at: input.range)
    }
    switch t.name {
    case "ce": return .crossEntropy
    case "bce": return .binaryCrossEntropy
    case "mse": return .mse
    case "mae": return .mae
    case "huber": return .huber(delta: Float(t.number(0, "delta") ?? 1))
    default: throw Diagnostic(error: "unknown loss '\(t.name)'", at: input.range)
    }
  }
}
