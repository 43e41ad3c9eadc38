import NNCore

/// The options of `train`, evaluated, turned into the core's training configuration. Each
/// mistake points at the option's value.
struct TrainingOptions {
  /// Option values by name, with where each value was written.
  var values: [String: (value: Value, range: SourceRange)]

  func config(for dataset: Dataset, seed defaultSeed: UInt64) throws -> TrainingConfig {
    var config = TrainingConfig()
    config.epochs = try integer("epochs", atLeast: 0) ?? 10
    config.batchSize = try integer("batch", atLeast: 1) ?? 32
    if let (value, range) = values["opt"] { config.optimizer = try Self.optimizer(value, at: range) }
    if let (value, range) = values["lr"] { config.learningRate = try Self.schedule(value, at: range) }
    if let (value, range) = values["loss"] { config.loss = try Self.loss(value, at: range) }
    config.clipNorm = try positive("clip")
    config.clipValue = try positive("clipvalue")
    config.l1 = try nonNegative("l1") ?? 0
    config.l2 = try nonNegative("l2") ?? 0
    config.earlyStoppingPatience = try integer("early", atLeast: 1)
    config.restarts = try integer("restarts", atLeast: 0) ?? 0
    config.stepLimit = try integer("steps", atLeast: 1)
    config.shuffle = try bool("shuffle") ?? true
    config.seed = try integer("seed", atLeast: 0, below: 0x1p53).map(UInt64.init) ?? defaultSeed
    config.threads = try integer("threads", atLeast: 1) ?? 1
    if let (value, range) = values["weights"] { config.classWeights = try Self.classWeights(value, dataset, at: range) }
    return config
  }

  func bool(_ name: String) throws -> Bool? {
    guard let (value, range) = values[name] else { return nil }
    guard case .bool(let b) = value else {
      throw Diagnostic(error: "\(name): expects true or false, found \(value.typeName)", at: range)
    }
    return b
  }

  private func number(_ name: String) throws -> (Double, SourceRange)? {
    guard let (value, range) = values[name] else { return nil }
    guard case .number(let n) = value else {
      throw Diagnostic(error: "\(name): expects a number, found \(value.typeName)", at: range)
    }
    guard n.isFinite else {
      throw Diagnostic(error: "\(name): expects a finite number, found \(Value.format(n))", at: range)
    }
    return (n, range)
  }

  /// A whole-number option: counts stay below 10⁹; a seed may be any whole number a script's
  /// numbers hold exactly (below 2⁵³), as the seeds a search gives its trials are.
  private func integer(_ name: String, atLeast low: Int, below high: Double = 1e9) throws -> Int? {
    guard let (n, range) = try number(name) else { return nil }
    guard n == n.rounded(), n >= Double(low) else {
      throw Diagnostic(error: "\(name): expects a whole number ≥ \(low), found \(Value.format(n))", at: range)
    }
    guard n < high else {
      throw Diagnostic(
        error: "\(name): expects a whole number below \(Value.format(high)), found \(Value.format(n))", at: range)
    }
    return Int(n)
  }

  private func positive(_ name: String) throws -> Float? {
    guard let (n, range) = try number(name) else { return nil }
    guard n > 0 else {
      throw Diagnostic(error: "\(name): expects a number above 0, found \(Value.format(n))", at: range)
    }
    return Float(n)
  }

  private func nonNegative(_ name: String) throws -> Float? {
    guard let (n, range) = try number(name) else { return nil }
    guard n >= 0 else { throw Diagnostic(error: "\(name): expects a number ≥ 0, found \(Value.format(n))", at: range) }
    return Float(n)
  }

  static func optimizer(_ value: Value, at range: SourceRange) throws -> OptimizerConfig {
    guard case .term(let t) = value else {
      throw Diagnostic(error: "opt: expects an optimizer, found \(value.typeName)", at: range)
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
    default: throw Diagnostic(error: "unknown optimizer '\(t.name)'", at: range)
    }
  }

  static func schedule(_ value: Value, at range: SourceRange) throws -> Schedule {
    if case .number(let n) = value {
      guard n > 0, n.isFinite else {
        throw Diagnostic(error: "lr: the learning rate must be above 0, found \(Value.format(n))", at: range)
      }
      return .constant(Float(n))
    }
    guard case .term(let t) = value else {
      throw Diagnostic(error: "lr: expects a number or a schedule, found \(value.typeName)", at: range)
    }
    func required(_ i: Int, _ name: String) throws -> Double {
      guard let n = t.number(i, name) else {
        throw Diagnostic(error: "\(t.name) needs its \(name)", at: range).expecting(
          "\(t.name)(\(Vocabularies.schedules.word(t.name)!.parameters.joined(separator: ", ")))")
      }
      return n
    }
    // Counts of epochs or steps: whole, and small enough to be a count (Int(1e300) would trap).
    func count(_ i: Int, _ name: String) throws -> Int {
      let n = try required(i, name)
      guard n == n.rounded(), n >= 0, n < 1e9 else {
        throw Diagnostic(error: "\(t.name): \(name) must be a whole number ≥ 0, found \(Value.format(n))", at: range)
      }
      return Int(n)
    }
    switch t.name {
    case "exp":
      return .exponential(
        initial: Float(try required(0, "initial")), rate: Float(try required(1, "rate")),
        steps: Float(try required(2, "steps")))
    case "step":
      return .step(
        initial: Float(try required(0, "initial")), factor: Float(try required(1, "factor")),
        every: try count(2, "every"))
    case "cosine":
      return .cosine(
        initial: Float(try required(0, "initial")), epochs: try count(1, "epochs"),
        min: Float(t.number(2, "min") ?? 0))
    case "warmup":
      guard let inner = t.value(1, "schedule") else {
        throw Diagnostic(error: "warmup needs the schedule that follows it", at: range)
      }
      return .warmup(epochs: try count(0, "epochs"), then: try schedule(inner, at: range))
    case "plateau":
      return .plateau(
        initial: Float(try required(0, "initial")), factor: Float(try required(1, "factor")),
        patience: try count(2, "patience"))
    default: throw Diagnostic(error: "unknown learning-rate schedule '\(t.name)'", at: range)
    }
  }

  static func loss(_ value: Value, at range: SourceRange) throws -> Loss {
    guard case .term(let t) = value else {
      throw Diagnostic(error: "loss: expects a loss, found \(value.typeName)", at: range)
    }
    switch t.name {
    case "ce": return .crossEntropy
    case "bce": return .binaryCrossEntropy
    case "mse": return .mse
    case "mae": return .mae
    case "huber": return .huber(delta: Float(t.number(0, "delta") ?? 1))
    default: throw Diagnostic(error: "unknown loss '\(t.name)'", at: range)
    }
  }

  static func classWeights(_ value: Value, _ dataset: Dataset, at range: SourceRange) throws -> [Float] {
    guard let classes = dataset.targets.classNames?.count else {
      throw Diagnostic(
        error: "weights: class weights need class targets, and this dataset's target is a value", at: range)
    }
    switch value {
    case .term(let t) where t.name == "balanced":
      return dataset.balancedClassWeights()
    case .list(let items):
      let weights = items.compactMap { item -> Float? in
        if case .number(let n) = item, n >= 0, n.isFinite { return Float(n) } else { return nil }
      }
      guard weights.count == items.count, weights.count == classes else {
        throw Diagnostic(error: "weights: expects \(classes) numbers ≥ 0, one per class", at: range)
      }
      return weights
    default:
      throw Diagnostic(error: "weights: expects balanced or a list of numbers, found \(value.typeName)", at: range)
    }
  }
}

extension TrainingOptions {
  var isQuiet: Bool {
    values["quiet"].map { if case .bool(true) = $0.value { return true } else { return false } } ?? false
  }
}
