/// The words an argument slot understands: optimisers for `opt:`, schedules for `lr:`,
/// activations after `dense N`… In such a slot a word means itself; anything else is an
/// ordinary expression (a variable, a string holding the word, a call).
public struct Vocabulary: Sendable {
  /// What one of these words is called in messages: "optimizer", "activation".
  public let kind: String
  /// Its words, in the order help lists them.
  public let words: [Word]

  /// The word spelled `name`, or nil when it is not one of these.
  public func word(_ name: String) -> Word? { words.first { $0.name == name } }
  /// The words' spellings, in order.
  public var names: [String] { words.map(\.name) }

  /// What is wrong with `term` as one of these words, in a phrase; nil when nothing is. A
  /// script's words are checked as they are written (`evaluate(_:words:)`), with each
  /// label's place; a file's words come as data, and are checked whole here.
  func problem(with term: Term) -> String? {
    guard let word = word(term.name) else { return "unknown \(kind) '\(term.name)'" }
    if let unknown = term.options.first(where: { !word.parameters.contains($0.name) }) {
      return "'\(term.name)' has no parameter '\(unknown.name)'"
    }
    guard term.arguments.count + term.options.count <= word.parameters.count else {
      return "'\(term.name)' takes at most \(word.parameters.count) argument\(word.parameters.count == 1 ? "" : "s")"
    }
    return nil
  }
}

/// One word of a vocabulary, and the parameters it takes when written as a call
/// (`sgd(momentum: 0.9)`, `exp(1e-2, 0.5, 20)`).
public struct Word: Sendable {
  /// How the word is written (`adam`).
  public let name: String
  /// The names of the parameters it takes when called, in positional order; empty when it takes
  /// none.
  public let parameters: [String]
  /// What it means, in a phrase for help.
  public let summary: String

  init(_ name: String, _ parameters: [String], _ summary: String) {
    self.name = name
    self.parameters = parameters
    self.summary = summary
  }

  init(_ name: String, _ summary: String) { self.init(name, [], summary) }
}

/// The vocabularies of the language's argument slots.
///
/// Public through `all` alone, so that a host's help (the command-line tool's `:help`) can
/// explain a word such as `adam` and list the options and layers that take it.
public enum Vocabularies {
  /// For the activation after `dense N` or a convolution's sizes; each is also a layer.
  static let activations = Vocabulary(
    kind: "activation",
    words: [
      Word("relu", "max(0, x)"),
      Word("leaky_relu", ["alpha"], "x for x > 0, alpha·x otherwise (alpha defaults to 0.01)"),
      Word("elu", "x for x > 0, exp(x) − 1 otherwise"),
      Word("selu", "scaled elu with self-normalising constants"),
      Word("gelu", "x·Φ(x), the Gaussian error linear unit"),
      Word("sigmoid", "1 / (1 + exp(−x))"),
      Word("tanh", "hyperbolic tangent"),
      Word("softmax", "normalised exponentials: class probabilities"),
      Word("softplus", "ln(1 + exp(x))"),
      Word("swish", "x·sigmoid(x)"),
      Word("linear", "the identity"),
    ])

  /// For a layer's `init:`.
  static let initializers = Vocabulary(
    kind: "initializer",
    words: [
      Word("he", "normal with variance 2 / fan-in, for the relu family"),
      Word("glorot", "uniform with variance 2 / (fan-in + fan-out)"),
      Word("lecun", "normal with variance 1 / fan-in"),
      Word("normal", ["std"], "normal with the given standard deviation"),
      Word("uniform", ["a"], "uniform on [−a, a]"),
      Word("zeros", "all zeros"),
    ])

  /// For `train`'s `opt:`.
  static let optimizers = Vocabulary(
    kind: "optimizer",
    words: [
      Word("sgd", ["momentum", "nesterov"], "stochastic gradient descent"),
      Word("adam", ["beta1", "beta2", "eps"], "Adam"),
      Word("adamw", ["wd", "beta1", "beta2", "eps"], "Adam with decoupled weight decay"),
      Word("rmsprop", ["alpha", "eps", "momentum"], "RMSprop"),
      Word("adagrad", ["eps"], "Adagrad"),
    ])

  /// For `train`'s `lr:`, besides a plain number; `warmup` takes another schedule.
  static let schedules = Vocabulary(
    kind: "learning-rate schedule",
    words: [
      Word("exp", ["initial", "rate", "steps"], "initial·rate^(epoch/steps)"),
      Word("step", ["initial", "factor", "every"], "multiplies by factor every few epochs"),
      Word("cosine", ["initial", "epochs", "min"], "cosine decay to min over the epochs"),
      Word("warmup", ["epochs", "schedule"], "linear ramp, then the schedule"),
      Word("plateau", ["initial", "factor", "patience"], "multiplies by factor when validation loss stalls"),
    ])

  /// For `train`'s `loss:`.
  static let losses = Vocabulary(
    kind: "loss",
    words: [
      Word("ce", "softmax cross-entropy"),
      Word("bce", "binary cross-entropy"),
      Word("mse", "mean squared error"),
      Word("mae", "mean absolute error"),
      Word("huber", "squared near zero, absolute far away"),
    ])

  /// The curves `plot` draws.
  static let plots = Vocabulary(
    kind: "plot",
    words: [
      Word("loss", "training and validation loss per epoch"),
      Word("acc", "training and validation accuracy per epoch"),
      Word("lr", "the learning rate per epoch"),
      Word("grads", "the gradient norm of each layer, as telemetry sampled it"),
    ])

  /// What a `search` option may range over, besides a list of choices. These words win over
  /// the builtins `log` and `range` inside `search`'s options.
  static let spaces = Vocabulary(
    kind: "search space",
    words: [
      Word("log", ["low", "high"], "log-uniform between low and high (both above 0)"),
      Word("range", ["low", "high"], "uniform between low and high"),
      Word("int", ["low", "high"], "a whole number from low to high"),
    ])

  /// For `search`'s `sampler:`.
  static let samplers = Vocabulary(
    kind: "sampler",
    words: [
      Word("tpe", "tree-structured Parzen estimator: random for 10 trials, then near the best ones"),
      Word("random", "every trial drawn at random"),
      Word("grid", "every combination of the choices once"),
    ])

  /// For `train`'s `weights:`, besides a list with one weight per class.
  static let classWeights = Vocabulary(
    kind: "class weighting",
    words: [Word("balanced", "weight n / (k · n_c) for class c")])
}

extension Vocabularies {
  /// The vocabularies whose words are help topics and completions, and get a hint when used as a
  /// variable; plots, search spaces and samplers are not among them.
  public static let all: [Vocabulary] = [activations, initializers, optimizers, schedules, losses, classWeights]
}
