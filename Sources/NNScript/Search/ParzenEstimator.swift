import Foundation
import NNCore

/// One parameter's density over a set of trials, as TPE models it: a mixture with one kernel
/// per trial plus a broad prior kernel. A numeric space gets truncated normals in its model
/// domain (the logarithm for `log`), a choice smoothed counts. Follows Optuna's univariate
/// estimator: neighbour-distance bandwidths with the "magic clip", prior weight 1.
struct ParzenEstimator {
  private enum Kernels {
    case normal(mus: [Double], sigmas: [Double], low: Double, high: Double)
    /// One row of choice probabilities per kernel.
    case categorical([[Double]])
  }

  private let kernels: Kernels
  /// The mixture weights, summing to 1.
  private let weights: [Double]

  /// `observations` are values in the model domain (choice indices for a choice), oldest first.
  init(_ observations: [Double], space: SearchSpace) {
    weights = Self.mixtureWeights(count: observations.count)
    if case .choice(let count) = space {
      let kernelCount = Double(observations.count + 1)
      var rows = observations.map { observed -> [Double] in
        var row = [Double](repeating: 1 / kernelCount, count: count)
        row[Int(observed)] += 1
        return row
      }
      rows.append([Double](repeating: 1 / kernelCount, count: count))
      kernels = .categorical(rows.map { row in row.map { $0 / row.reduce(0, +) } })
      return
    }
    let (low, high) = space.modelBounds
    var sigmas = Self.bandwidths(observations, low: low, high: high)
    // The prior: centred, as wide as the space.
    sigmas.append(high - low)
    kernels = .normal(mus: observations + [(low + high) / 2], sigmas: sigmas, low: low, high: high)
  }

  /// Older trials weigh less once there are more than 25 (a ramp from 1/n up to 1); the prior
  /// kernel weighs as much as one trial.
  private static func mixtureWeights(count n: Int) -> [Double] {
    var weights = [Double](repeating: 1, count: n)
    if n > 25 {
      let ramp = n - 25
      let lowest = 1 / Double(n)
      let step = ramp == 1 ? 0 : (1 - lowest) / Double(ramp - 1)
      for i in 0..<ramp { weights[i] = lowest + step * Double(i) }
    }
    weights.append(1)
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }

  /// Each kernel as wide as the larger gap to its neighbours (the ends of the space count as
  /// neighbours except for the outermost kernels), clipped to [range / min(100, n + 2), range].
  private static func bandwidths(_ mus: [Double], low: Double, high: Double) -> [Double] {
    guard !mus.isEmpty else { return [] }
    let order = mus.indices.sorted { mus[$0] < mus[$1] }
    let points: [Double] = [low] + order.map { mus[$0] } + [high]
    var sorted: [Double] = (1..<points.count - 1).map { i -> Double in
      Swift.max(points[i] - points[i - 1], points[i + 1] - points[i])
    }
    if points.count >= 4 {
      sorted[0] = points[2] - points[1]
      sorted[sorted.count - 1] = points[points.count - 2] - points[points.count - 3]
    }
    let range = high - low
    let smallest = range / min(100, Double(mus.count + 2))
    var sigmas = [Double](repeating: 0, count: mus.count)
    for (rank, index) in order.enumerated() { sigmas[index] = min(max(sorted[rank], smallest), range) }
    return sigmas
  }

  /// `count` values drawn from the mixture, in the model domain.
  func sample(_ count: Int, _ random: inout SeededGenerator) -> [Double] {
    (0..<count).map { _ in
      let kernel = Self.pick(weights, random.nextUnit())
      switch kernels {
      case .categorical(let rows):
        return Double(Self.pick(rows[kernel], random.nextUnit()))
      case .normal(let mus, let sigmas, let low, let high):
        return Self.truncatedNormal(mu: mus[kernel], sigma: sigmas[kernel], low: low, high: high, &random)
      }
    }
  }

  /// The logarithm of the mixture's density (probability, for a choice) at `x`.
  func logDensity(_ x: Double) -> Double {
    var terms: [Double] = []
    switch kernels {
    case .categorical(let rows):
      terms = rows.indices.map { Foundation.log(weights[$0] * rows[$0][Int(x)]) }
    case .normal(let mus, let sigmas, let low, let high):
      terms = mus.indices.map { k in
        let z = (x - mus[k]) / sigmas[k]
        let mass = Self.normalCDF((high - mus[k]) / sigmas[k]) - Self.normalCDF((low - mus[k]) / sigmas[k])
        return Foundation.log(weights[k]) - 0.5 * z * z - Foundation.log(sigmas[k] * (2 * Double.pi).squareRoot())
          - Foundation.log(max(mass, 1e-300))
      }
    }
    let top = terms.max() ?? -.infinity
    guard top.isFinite else { return top }
    return top + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - top) })
  }

  /// The index whose cumulative weight first passes `u` (in [0, 1)).
  private static func pick(_ weights: [Double], _ u: Double) -> Int {
    var total = 0.0
    for (i, w) in weights.enumerated() {
      total += w
      if u < total { return i }
    }
    return weights.count - 1
  }

  private static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

  /// A normal draw inside [low, high], by rejection: a kernel's centre lies in the space and
  /// its width is at most the space's, so about a third of the draws land inside at worst.
  private static func truncatedNormal(
    mu: Double, sigma: Double, low: Double, high: Double, _ random: inout SeededGenerator
  ) -> Double {
    for _ in 0..<1000 {
      // Box–Muller; 1 − u keeps the logarithm's argument above 0.
      let radius = (-2 * Foundation.log(1 - random.nextUnit())).squareRoot()
      let x = mu + sigma * radius * Foundation.cos(2 * Double.pi * random.nextUnit())
      if x >= low && x <= high { return x }
    }
    return min(max(mu, low), high)
  }
}
