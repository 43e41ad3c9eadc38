/// The update rule, with PyTorch's semantics and defaults.
public enum OptimizerConfig: Sendable, Hashable, CustomStringConvertible {
  /// buf = momentum·buf + g; the step is buf, or g + momentum·buf with Nesterov.
  case sgd(momentum: Float = 0, nesterov: Bool = false)
  case adam(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8)
  /// Adam with decoupled weight decay: p ← p·(1 − lr·weightDecay) before the Adam step.
  case adamw(weightDecay: Float = 0.01, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8)
  /// v = alpha·v + (1 − alpha)·g²; the step is g / (√v + eps), through a momentum buffer when
  /// momentum > 0.
  case rmsprop(alpha: Float = 0.99, eps: Float = 1e-8, momentum: Float = 0)
  /// s = s + g²; the step is g / (√s + eps).
  case adagrad(eps: Float = 1e-10)

  /// The learning rate when none is given: 0.01 for sgd and adagrad, 0.001 for the others.
  public var defaultLearningRate: Float {
    switch self {
    case .sgd, .adagrad: 0.01
    case .adam, .adamw, .rmsprop: 0.001
    }
  }

  /// The optimiser as nnscript writes it: `sgd(momentum: 0.9)`, `adamw(wd: 0.01)`. Betas, eps and
  /// alpha are not shown.
  public var description: String {
    switch self {
    case .sgd(let momentum, let nesterov):
      momentum == 0 ? "sgd" : "sgd(momentum: \(momentum)\(nesterov ? ", nesterov: true" : ""))"
    case .adam: "adam"
    case .adamw(let weightDecay, _, _, _): "adamw(wd: \(weightDecay))"
    case .rmsprop: "rmsprop"
    case .adagrad: "adagrad"
    }
  }

  /// How many values of state each parameter needs.
  var slots: Int {
    switch self {
    case .sgd(let momentum, _): momentum == 0 ? 0 : 1
    case .adam, .adamw: 2
    case .rmsprop(_, _, let momentum): momentum == 0 ? 1 : 2
    case .adagrad: 1
    }
  }
}
