/// Everything about a training run except the network and the data.
public struct TrainingConfig: Sendable, Hashable {
  /// Passes over the training set.
  public var epochs: Int
  /// Rows per optimisation step; the last batch of an epoch may be smaller.
  public var batchSize: Int
  /// The update rule; Adam with its defaults unless set.
  public var optimizer: OptimizerConfig
  /// nil: the optimiser's default rate, constant.
  public var learningRate: Schedule?
  /// nil: inferred from the output layer (`Loss.inferred(for:)`).
  public var loss: Loss?
  /// One weight per class: the training loss is the batch mean of w[y_i]·loss_i. Validation
  /// losses are unweighted.
  public var classWeights: [Float]?
  /// l1·Σ|W| over the weights of dense and convolution layers (not biases, nor bn's scale)
  /// joins the differentiated loss; reported losses leave it out.
  public var l1: Float
  /// Coupled L2, as PyTorch's weight_decay: l2·p joins the gradient of every parameter,
  /// biases and bn's included, so it needs no choice of weights.
  public var l2: Float
  /// The global L2 norm over all gradients is scaled down to this when above it.
  public var clipNorm: Float?
  /// Each gradient element is clipped to [−clipValue, clipValue] (after `clipNorm`).
  public var clipValue: Float?
  /// Shuffle the training rows every epoch.
  public var shuffle: Bool
  /// Stop after this many epochs without improvement of the monitored loss (validation loss,
  /// else training loss) and go back to the best epoch's weights.
  public var earlyStoppingPatience: Int?
  /// Extra attempts from fresh initialisations; the best attempt's weights are kept.
  public var restarts: Int
  /// Stop after this many steps (batches), wherever in an epoch they end: replays a run that
  /// was interrupted, step for step.
  public var stepLimit: Int?
  /// Seeds shuffling, dropout and the re-initialisations of restarts.
  public var seed: UInt64
  /// OpenBLAS threads (a process-wide setting, applied when training starts).
  public var threads: Int
  /// Telemetry is sampled every this many steps (and on the first).
  public var telemetryInterval: Int

  /// A configuration; every setting has a default.
  public init(
    epochs: Int = 10, batchSize: Int = 32, optimizer: OptimizerConfig = .adam(), learningRate: Schedule? = nil,
    loss: Loss? = nil, classWeights: [Float]? = nil, l1: Float = 0, l2: Float = 0, clipNorm: Float? = nil,
    clipValue: Float? = nil, shuffle: Bool = true, earlyStoppingPatience: Int? = nil, restarts: Int = 0,
    seed: UInt64 = 0, threads: Int = 1, telemetryInterval: Int = 10
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.loss = loss
    self.classWeights = classWeights
    self.l1 = l1
    self.l2 = l2
    self.clipNorm = clipNorm
    self.clipValue = clipValue
    self.shuffle = shuffle
    self.earlyStoppingPatience = earlyStoppingPatience
    self.restarts = restarts
    self.seed = seed
    self.threads = threads
    self.telemetryInterval = telemetryInterval
  }

  /// The schedule in force: the given one, or the optimiser's default rate.
  public var schedule: Schedule { learningRate ?? .constant(optimizer.defaultLearningRate) }

  /// The first setting that cannot be used, or nil when every one can.
  var problem: Problem? {
    func check(_ field: Field, _ value: Float?, _ requirement: Requirement) -> Problem? {
      guard let value, !requirement.admits(Double(value)) else { return nil }
      return Problem(field: field, value: Double(value), requirement: requirement)
    }
    func check(_ field: Field, _ value: Int?, atLeast low: Int) -> Problem? {
      guard let value, value < low else { return nil }
      return Problem(field: field, value: Double(value), requirement: .atLeast(low))
    }
    let huberDelta: Float? = if case .huber(let delta) = loss { delta } else { nil }
    // In the order they are reported, the first one first.
    let problems: [Problem?] = [
      check(.epochs, epochs, atLeast: 0), check(.batchSize, batchSize, atLeast: 1),
      check(.restarts, restarts, atLeast: 0), check(.stepLimit, stepLimit, atLeast: 1),
      check(.threads, threads, atLeast: 1), check(.telemetryInterval, telemetryInterval, atLeast: 1),
      check(.earlyStoppingPatience, earlyStoppingPatience, atLeast: 1),
      classWeights?.lazy.compactMap { check(.classWeights, $0, .finiteNonNegative) }.first,
      check(.huberDelta, huberDelta, .finitePositive), check(.l1, l1, .finiteNonNegative),
      check(.l2, l2, .finiteNonNegative), check(.clipNorm, clipNorm, .finitePositive),
      check(.clipValue, clipValue, .finitePositive), optimizer.problem,
      schedule.problem.map { Problem(field: .learningRate, value: nil, requirement: .schedule($0)) },
    ]
    return problems.lazy.compactMap { $0 }.first
  }
}

extension OptimizerConfig {
  /// The first of the optimiser's settings that cannot be used, or nil when every one can.
  var problem: TrainingConfig.Problem? {
    func check(_ field: TrainingConfig.Field, _ value: Float, _ requirement: TrainingConfig.Requirement)
      -> TrainingConfig.Problem?
    {
      requirement.admits(Double(value))
        ? nil : TrainingConfig.Problem(field: field, value: Double(value), requirement: requirement)
    }
    switch self {
    case .sgd(let momentum, let nesterov):
      return check(.momentum, momentum, .fraction)
        ?? (nesterov && momentum == 0
          ? TrainingConfig.Problem(field: .nesterov, value: Double(momentum), requirement: .momentumAbove0) : nil)
    case .adam(let beta1, let beta2, let eps):
      return check(.beta1, beta1, .fraction) ?? check(.beta2, beta2, .fraction) ?? check(.eps, eps, .finitePositive)
    case .adamw(let weightDecay, let beta1, let beta2, let eps):
      return check(.weightDecay, weightDecay, .finiteNonNegative) ?? check(.beta1, beta1, .fraction)
        ?? check(.beta2, beta2, .fraction) ?? check(.eps, eps, .finitePositive)
    case .rmsprop(let alpha, let eps, let momentum):
      return check(.alpha, alpha, .fraction) ?? check(.eps, eps, .finitePositive)
        ?? check(.momentum, momentum, .fraction)
    case .adagrad(let eps):
      return check(.eps, eps, .finitePositive)
    }
  }
}
