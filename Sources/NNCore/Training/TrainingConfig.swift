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

  /// Why the configuration cannot be used, or nil when it can.
  var problem: String? {
    func nonNegative(_ value: Float, _ name: String) -> String? {
      value >= 0 && value.isFinite ? nil : "\(name) must be a finite number ≥ 0"
    }
    func positive(_ value: Float?, _ name: String) -> String? {
      value.map { $0 > 0 && $0.isFinite } ?? true ? nil : "\(name) must be a finite number above 0"
    }
    if epochs < 0 { return "epochs must be ≥ 0" }
    if batchSize < 1 { return "the batch size must be at least 1" }
    if restarts < 0 { return "restarts must be ≥ 0" }
    if let stepLimit, stepLimit < 1 { return "the step limit must be at least 1" }
    if threads < 1 { return "threads must be at least 1" }
    if telemetryInterval < 1 { return "the telemetry interval must be at least 1 step" }
    if let patience = earlyStoppingPatience, patience < 1 { return "the early-stopping patience must be at least 1" }
    if let weights = classWeights, !weights.allSatisfy({ $0 >= 0 && $0.isFinite }) {
      return "class weights must be finite numbers ≥ 0"
    }
    if case .huber(let delta) = loss, !(delta > 0 && delta.isFinite) { return "huber's delta must be above 0" }
    return nonNegative(l1, "l1") ?? nonNegative(l2, "l2") ?? positive(clipNorm, "clip")
      ?? positive(clipValue, "clipvalue") ?? optimizer.problem ?? schedule.problem
  }
}

extension OptimizerConfig {
  /// Why the optimiser's settings cannot be used, or nil when they can.
  var problem: String? {
    func fraction(_ value: Float, _ name: String) -> String? {
      value >= 0 && value < 1 ? nil : "\(name) must be at least 0 and below 1"
    }
    func positive(_ value: Float, _ name: String) -> String? {
      value > 0 && value.isFinite ? nil : "\(name) must be a finite number above 0"
    }
    switch self {
    case .sgd(let momentum, let nesterov):
      return fraction(momentum, "the momentum")
        ?? (nesterov && momentum == 0 ? "nesterov needs a momentum above 0" : nil)
    case .adam(let beta1, let beta2, let eps):
      return fraction(beta1, "beta1") ?? fraction(beta2, "beta2") ?? positive(eps, "eps")
    case .adamw(let weightDecay, let beta1, let beta2, let eps):
      return (weightDecay >= 0 && weightDecay.isFinite ? nil : "the weight decay must be a finite number ≥ 0")
        ?? fraction(beta1, "beta1") ?? fraction(beta2, "beta2") ?? positive(eps, "eps")
    case .rmsprop(let alpha, let eps, let momentum):
      return fraction(alpha, "alpha") ?? positive(eps, "eps") ?? fraction(momentum, "the momentum")
    case .adagrad(let eps):
      return positive(eps, "eps")
    }
  }
}
