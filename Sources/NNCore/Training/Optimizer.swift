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

  /// One step: p ← update(p, g) with learning rate `lr`. The loops, in CKernels, run over the
  /// buffers' zero padding too, where every rule leaves zeros as they are.
  func update(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, learningRate lr: Float) {
    step += 1
    let n = (count + FloatBuffer.padding - 1) / FloatBuffer.padding * FloatBuffer.padding
    switch config {
    case .sgd(let momentum, let nesterov):
      if momentum == 0 {
        nn_sgd(p, g, n, lr)
      } else {
        nn_sgd_momentum(p, g, slots[0].pointer, n, lr, momentum, nesterov)
      }
    case .adam(let beta1, let beta2, let eps):
      adam(p, g, n, lr, beta1, beta2, eps)
    case .adamw(let weightDecay, let beta1, let beta2, let eps):
      nn_scale(p, n, 1 - lr * weightDecay)
      adam(p, g, n, lr, beta1, beta2, eps)
    case .rmsprop(let alpha, let eps, let momentum):
      nn_rmsprop(p, g, slots[0].pointer, momentum == 0 ? nil : slots[1].pointer, n, lr, alpha, eps, momentum)
    case .adagrad(let eps):
      nn_adagrad(p, g, slots[0].pointer, n, lr, eps)
    }
  }

  /// Adam as PyTorch computes it: p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps).
  private func adam(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ n: Int, _ lr: Float, _ beta1: Float,
    _ beta2: Float, _ eps: Float
  ) {
    let t = Double(step)
    let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), t)))
    let inverseRoot = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
    nn_adam(p, g, slots[0].pointer, slots[1].pointer, n, stepSize, inverseRoot, beta2, 1 - beta1, 1 - beta2, eps)
  }
}
