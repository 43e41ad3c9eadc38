import NNCore

extension OptionKind where T == OptimizerConfig {
  /// `adam`, `sgd(0.9, nesterov: true)`: a word of the optimizers, its settings defaulting as
  /// the word's help says.
  static let optimizer = OptionKind(type: "an optimizer") { input in
    guard case .term(let t) = input.value else {
      throw Diagnostic(error: "\(input.name): expects an optimizer, found \(input.value.typeName)", at: input.range)
    }
    func f(_ i: Int, _ name: String, _ fallback: Float) -> Float { t.number(i, name).map(Float.init) ?? fallback }
    switch t.name {
    case "sgd":
      var nesterov = false
      if case .bool(let b) = t.value(1, "nesterov") { nesterov = b }
      return .sgd(momentum: f(0, "momentum", 0), nesterov: nesterov)
    case "adam": return .adam(beta1: f(0, "beta1", 0.9), beta2: f(1, "beta2", 0.999), eps: f(2, "eps", 1e-8))
    case "adamw":
      return .adamw(
        weightDecay: f(0, "wd", 0.01), beta1: f(1, "beta1", 0.9), beta2: f(2, "beta2", 0.999), eps: f(3, "eps", 1e-8))
    case "rmsprop": return .rmsprop(alpha: f(0, "alpha", 0.99), eps: f(1, "eps", 1e-8), momentum: f(2, "momentum", 0))
    case "adagrad": return .adagrad(eps: f(0, "eps", 1e-10))
    default: throw Diagnostic(error: "unknown optimizer '\(t.name)'", at: input.range)
    }
  }
}
