import CKernels
import Foundation

/// Applies an `OptimizerConfig`'s update to a network's flat parameters. Each rule is a single
/// loop over all parameters with its state in buffers allocated once.
final class Optimizer {
  let config: OptimizerConfig
  let count: Int
  private(set) var step = 0
  private let slots: [FloatBuffer]

  init(_ config: OptimizerConfig, count: Int) {
    self.config = config
    self.count = count
    slots = (0..<config.slots).map { _ in FloatBuffer(count: count) }
  }

  /// Forgets all state, as for a freshly initialised network.
  func reset() {
    step = 0
    for slot in slots { slot.pointer.update(repeating: 0, count: count) }
  }

  var state: OptimizerState { OptimizerState(step: step, slots: slots.map(\.array)) }

  /// Whether `state` has this optimiser's shape (the same rule, over as many parameters).
  func accepts(_ state: OptimizerState) -> Bool {
    state.slots.count == slots.count && state.slots.allSatisfy { $0.count == count }
  }

  func restore(_ state: OptimizerState) {
    step = state.step
    for (slot, values) in zip(slots, state.slots) { slot.copy(from: values) }
  }

  /// The parameters the update loops run over: the buffers' zero padding included, where
  /// every rule leaves zeros as they are.
  var paddedCount: Int { (count + FloatBuffer.padding - 1) / FloatBuffer.padding * FloatBuffer.padding }

  /// One step: p ← update(p, g) with learning rate `lr`.
  func update(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, learningRate lr: Float) {
    advance()
    update(p, gradients: g, learningRate: lr, range: 0..<paddedCount)
  }

  /// Counts a step, before `update(_:gradients:learningRate:range:)` applies it by parts.
  func advance() { step += 1 }

  /// The current step's update of the parameters in `range` alone: each element's update
  /// depends on that element only, so two threads may each take a part.
  func update(
    _ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, learningRate lr: Float, range: Range<Int>
  ) {
    let (p, g, n) = (p + range.lowerBound, g + range.lowerBound, range.count)
    func slot(_ i: Int) -> UnsafeMutablePointer<Float> { slots[i].pointer + range.lowerBound }
    switch config {
    case .sgd(let momentum, let nesterov):
      if momentum == 0 {
        nn_sgd(p, g, n, lr)
      } else {
        nn_sgd_momentum(p, g, slot(0), n, lr, momentum, nesterov)
      }
    case .adam(let beta1, let beta2, let eps):
      adam(p, g, slot(0), slot(1), n, lr, beta1, beta2, eps)
    case .adamw(let weightDecay, let beta1, let beta2, let eps):
      nn_scale(p, n, 1 - lr * weightDecay)
      adam(p, g, slot(0), slot(1), n, lr, beta1, beta2, eps)
    case .rmsprop(let alpha, let eps, let momentum):
      nn_rmsprop(p, g, slot(0), momentum == 0 ? nil : slot(1), n, lr, alpha, eps, momentum)
    case .adagrad(let eps):
      nn_adagrad(p, g, slot(0), n, lr, eps)
    }
  }

  /// Adam as PyTorch computes it: p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps).
  private func adam(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ lr: Float, _ beta1: Float, _ beta2: Float, _ eps: Float
  ) {
    let t = Double(step)
    let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), t)))
    let inverseRoot = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
    nn_adam(p, g, m, v, n, stepSize, inverseRoot, beta2, 1 - beta1, 1 - beta2, eps)
  }
}
