import Foundation

/// The targets of one batch, as the loss reads them.
struct BatchTargets {
  /// Class indices, one per row, when the data has classes.
  var classes: UnsafePointer<Int32>?
  /// rows × outputs target values, for every loss but cross-entropy.
  var values: UnsafePointer<Float>?
  /// A weight per class, when the loss is weighted.
  var classWeights: UnsafePointer<Float>?

  /// The targets of the rows after the first `rows`, in a batch `columns` outputs wide.
  func dropping(_ rows: Int, columns: Int) -> BatchTargets {
    BatchTargets(
      classes: classes.map { $0 + rows }, values: values.map { $0 + rows * columns }, classWeights: classWeights)
  }
}

/// The loops behind `Loss`: the loss of a batch and its gradient with respect to the output.
enum LossKernel {
  /// Σ over the rows of w_i·loss_i (in Double); with `gradient`, also writes the gradient of
  /// `scale`·Σ w_i·loss_i with respect to `output` (rows × columns).
  static func evaluate(
    _ loss: Loss, output: UnsafePointer<Float>, rows: Int, columns: Int, targets: BatchTargets,
    gradient: UnsafeMutablePointer<Float>?, scale: Float
  ) -> Double {
    var total: Double = 0
    for r in 0..<rows {
      let (z, g) = (output + r * columns, gradient.map { $0 + r * columns })
      let weight = targets.classWeights.map { $0[Int(targets.classes![r])] } ?? 1
      let coefficient = scale * weight
      if loss == .crossEntropy {
        total += Double(weight * crossEntropyRow(z, columns, Int(targets.classes![r]), g, coefficient))
      } else {
        let t = targets.values! + r * columns
        total += Double(weight * elementRow(loss, z, t, columns, g, coefficient / Float(columns)) / Float(columns))
      }
    }
    return total
  }

  /// log Σ exp(z) − z[label], and (softmax(z) − onehot)·coefficient into `g`.
  private static func crossEntropyRow(
    _ z: UnsafePointer<Float>, _ columns: Int, _ label: Int, _ g: UnsafeMutablePointer<Float>?,
    _ coefficient: Float
  ) -> Float {
    var top = -Float.infinity
    for j in 0..<columns { top = max(top, z[j]) }
    var sum: Float = 0
    for j in 0..<columns { sum += exp(z[j] - top) }
    if let g {
      let factor = coefficient / sum
      for j in 0..<columns { g[j] = exp(z[j] - top) * factor }
      g[label] -= coefficient
    }
    return top + log(sum) - z[label]
  }

  /// Σ_j of the element losses of one row, and their derivatives times `coefficient` into `g`.
  private static func elementRow(
    _ loss: Loss, _ z: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ columns: Int,
    _ g: UnsafeMutablePointer<Float>?, _ coefficient: Float
  ) -> Float {
    var sum: Float = 0
    for j in 0..<columns {
      let (value, slope) = element(loss, z[j], t[j])
      sum += value
      g?[j] = slope * coefficient
    }
    return sum
  }

  @inline(__always)
  private static func element(_ loss: Loss, _ z: Float, _ t: Float) -> (value: Float, slope: Float) {
    switch loss {
    case .binaryCrossEntropy:
      // max(z, 0) − z·t + log(1 + e^−|z|) never overflows; σ(z) from e^−|z| neither.
      let e = exp(-abs(z))
      let sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
      return (max(z, 0) - z * t + log1p(e), sigmoid - t)
    case .mse:
      let d = z - t
      return (d * d, 2 * d)
    case .mae:
      let d = z - t
      return (abs(d), d > 0 ? 1 : (d < 0 ? -1 : 0))
    case .huber(let delta):
      let d = z - t
      return abs(d) < delta ? (0.5 * d * d, d) : (delta * (abs(d) - 0.5 * delta), d > 0 ? delta : -delta)
    case .crossEntropy:
      preconditionFailure("cross-entropy works on whole rows")
    }
  }

  /// How many rows the output classifies right.
  static func correct(
    output: UnsafePointer<Float>, rows: Int, columns: Int, classes: UnsafePointer<Int32>, threshold: Float
  ) -> Int {
    (0..<rows).count { r in
      predicted(output + r * columns, columns: columns, threshold: threshold) == Int(classes[r])
    }
  }

  /// The class one output row picks: the largest output, or with a single output, whether it
  /// is past `threshold` (0 for logits, 0.5 for probabilities).
  static func predicted(_ z: UnsafePointer<Float>, columns: Int, threshold: Float) -> Int {
    if columns == 1 { return z[0] > threshold ? 1 : 0 }
    var best = 0
    for j in 1..<columns where z[j] > z[best] { best = j }
    return best
  }
}
