import Foundation

/// The learning rate for each epoch (epochs count from 0 here).
public indirect enum Schedule: Sendable, Hashable, CustomStringConvertible {
  case constant(Float)
  /// initial·rate^(epoch/steps), continuous over epochs.
  case exponential(initial: Float, rate: Float, steps: Float)
  /// initial·factor^⌊epoch/every⌋.
  case step(initial: Float, factor: Float, every: Int)
  /// Cosine decay from initial to min over `epochs` epochs, then min.
  case cosine(initial: Float, epochs: Int, min: Float = 0)
  /// A linear ramp over `epochs` epochs, rate·(e + 1)/(epochs + 1) with rate the schedule's
  /// first, then the schedule from its own epoch 0.
  case warmup(epochs: Int, then: Schedule)
  /// initial, multiplied by factor whenever the monitored loss (validation loss, else training
  /// loss) has not improved for more than `patience` epochs (PyTorch's ReduceLROnPlateau: an
  /// improvement is a relative drop of at least 1e-4).
  case plateau(initial: Float, factor: Float, patience: Int)

  /// The schedule as nnscript writes it, `exp(0.1, 0.5, 20)`; a constant rate is the number alone.
  public var description: String {
    switch self {
    case .constant(let rate): "\(rate)"
    case .exponential(let initial, let rate, let steps): "exp(\(initial), \(rate), \(steps))"
    case .step(let initial, let factor, let every): "step(\(initial), \(factor), \(every))"
    case .cosine(let initial, let epochs, let min): "cosine(\(initial), \(epochs), \(min))"
    case .warmup(let epochs, let then): "warmup(\(epochs), \(then))"
    case .plateau(let initial, let factor, let patience): "plateau(\(initial), \(factor), \(patience))"
    }
  }

  /// Why the schedule cannot be used, or nil when it can.
  var problem: String? {
    func positive(_ value: Float, _ name: String) -> String? {
      value > 0 && value.isFinite ? nil : "the \(name) of the learning-rate schedule must be a finite number above 0"
    }
    switch self {
    case .constant(let rate): return positive(rate, "learning rate")
    case .exponential(let initial, let rate, let steps):
      return positive(initial, "initial rate") ?? positive(rate, "decay rate") ?? positive(steps, "step count")
    case .step(let initial, let factor, let every):
      return positive(initial, "initial rate") ?? positive(factor, "factor")
        ?? (every >= 1 ? nil : "step() needs a period of at least 1 epoch")
    case .cosine(let initial, let epochs, let min):
      return positive(initial, "initial rate") ?? (epochs >= 1 ? nil : "cosine() needs at least 1 epoch")
        ?? (min >= 0 && min <= initial ? nil : "the minimum of cosine() must be between 0 and the initial rate")
    case .warmup(let epochs, let then):
      return epochs >= 0 ? then.problem : "warmup() needs a number of epochs ≥ 0"
    case .plateau(let initial, let factor, let patience):
      return positive(initial, "initial rate")
        ?? (factor > 0 && factor < 1 ? nil : "the factor of plateau() must be above 0 and below 1")
        ?? (patience >= 0 ? nil : "the patience of plateau() must be ≥ 0")
    }
  }
}

/// A schedule with the state `plateau` keeps between epochs.
struct LearningRate: Sendable, Hashable {
  let schedule: Schedule
  private var plateauScale: Double = 1
  private var best = Double.infinity
  private var badEpochs = 0

  init(_ schedule: Schedule) { self.schedule = schedule }

  /// The rate for `epoch` (from 0).
  func rate(epoch: Int) -> Float { Float(rate(schedule, epoch)) }

  private func rate(_ schedule: Schedule, _ epoch: Int) -> Double {
    let e = Double(epoch)
    switch schedule {
    case .constant(let rate): return Double(rate)
    case .exponential(let initial, let rate, let steps): return Double(initial) * pow(Double(rate), e / Double(steps))
    case .step(let initial, let factor, let every): return Double(initial) * pow(Double(factor), Double(epoch / every))
    case .cosine(let initial, let epochs, let low):
      let progress = min(e, Double(epochs)) / Double(epochs)
      return Double(low) + (Double(initial) - Double(low)) * 0.5 * (1 + cos(Double.pi * progress))
    case .warmup(let epochs, let then):
      return epoch < epochs ? rate(then, 0) * (e + 1) / Double(epochs + 1) : rate(then, epoch - epochs)
    case .plateau(let initial, _, _): return Double(initial) * plateauScale
    }
  }

  /// Takes the monitored loss at the end of `epoch` (from 0) into account.
  mutating func observe(epoch: Int, loss: Float) {
    var leaf = schedule
    var start = 0
    while case .warmup(let epochs, let then) = leaf {
      start += epochs
      leaf = then
    }
    guard case .plateau(_, let factor, let patience) = leaf, epoch >= start else { return }
    let value = Double(loss)
    if value < best * (1 - 1e-4) {
      best = value
      badEpochs = 0
    } else {
      badEpochs += 1
      if badEpochs > patience {
        plateauScale *= Double(factor)
        badEpochs = 0
      }
    }
  }
}
