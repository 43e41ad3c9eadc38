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

  /// One step: p ← update(p, g) with learning rate `lr`. The loops run four lanes at a time
  /// over the buffers' zero padding too, where every rule leaves zeros as they are.
  func update(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, learningRate lr: Float) {
    step += 1
    let n = (count + Lanes.width - 1) / Lanes.width * Lanes.width
    switch config {
    case .sgd(let momentum, let nesterov):
      guard momentum != 0 else {
        for i in 0..<n { p[i] -= lr * g[i] }
        return
      }
      let buffer = slots[0].pointer
      for i in stride(from: 0, to: n, by: Lanes.width) {
        let gi = Lanes.load(g, i)
        let b = Lanes.flushingTiny(momentum * Lanes.load(buffer, i) + gi)
        Lanes.store(b, buffer, i)
        Lanes.store(Lanes.load(p, i) - lr * (nesterov ? gi + momentum * b : b), p, i)
      }
    case .adam(let beta1, let beta2, let eps):
      adam(p, g, n, lr, beta1, beta2, eps)
    case .adamw(let weightDecay, let beta1, let beta2, let eps):
      let decay = 1 - lr * weightDecay
      for i in 0..<n { p[i] *= decay }
      adam(p, g, n, lr, beta1, beta2, eps)
    case .rmsprop(let alpha, let eps, let momentum):
      let (square, buffer) = (slots[0].pointer, momentum == 0 ? nil : slots[1].pointer)
      for i in stride(from: 0, to: n, by: Lanes.width) {
        let gi = Lanes.load(g, i)
        let s = Lanes.flushingTiny(alpha * Lanes.load(square, i) + (1 - alpha) * gi * gi)
        Lanes.store(s, square, i)
        var stepValue = gi / (Lanes.squareRoot(s) + eps)
        if let buffer {
          stepValue = Lanes.flushingTiny(momentum * Lanes.load(buffer, i) + stepValue)
          Lanes.store(stepValue, buffer, i)
        }
        Lanes.store(Lanes.load(p, i) - lr * stepValue, p, i)
      }
    case .adagrad(let eps):
      let sum = slots[0].pointer
      for i in stride(from: 0, to: n, by: Lanes.width) {
        let gi = Lanes.load(g, i)
        let s = Lanes.load(sum, i) + gi * gi
        Lanes.store(s, sum, i)
        Lanes.store(Lanes.load(p, i) - lr * (gi / (Lanes.squareRoot(s) + eps)), p, i)
      }
    }
  }

  /// Adam as PyTorch computes it: p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps).
  private func adam(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ n: Int, _ lr: Float, _ beta1: Float,
    _ beta2: Float, _ eps: Float
  ) {
    let (m, v) = (slots[0].pointer, slots[1].pointer)
    let t = Double(step)
    let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), t)))
    let inverseRoot = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
    let (keep1, keep2) = (1 - beta1, 1 - beta2)
    for i in stride(from: 0, to: n, by: Lanes.width) {
      let gi = Lanes.load(g, i)
      var mi = Lanes.load(m, i)
      mi = Lanes.flushingTiny(mi + keep1 * (gi - mi))
      let vi = Lanes.flushingTiny(beta2 * Lanes.load(v, i) + keep2 * gi * gi)
      Lanes.store(mi, m, i)
      Lanes.store(vi, v, i)
      Lanes.store(Lanes.load(p, i) - stepSize * (mi / (Lanes.squareRoot(vi) * inverseRoot + eps)), p, i)
    }
  }
}
