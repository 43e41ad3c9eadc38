import Foundation
import NNCore

/// The values one searched setting may take. Samplers work on plain numbers: a value of a
/// numeric space as itself, a choice as its index among the choices.
enum SearchSpace: Sendable, Hashable {
  /// Uniform on [low, high]: `range(a, b)`.
  case uniform(low: Double, high: Double)
  /// Uniform in the logarithm on [low, high], 0 < low: `log(a, b)`.
  case logUniform(low: Double, high: Double)
  /// The whole numbers low…high: `int(a, b)`.
  case integer(low: Int, high: Int)
  /// One of `count` choices, by index: a list.
  case choice(count: Int)

  /// Where the space lies in the domain samplers model it in: the logarithm for `log`,
  /// half a step beyond each end for whole numbers, so each number has the same width.
  var modelBounds: (low: Double, high: Double) {
    switch self {
    case .uniform(let low, let high): return (low, high)
    case .logUniform(let low, let high): return (Foundation.log(low), Foundation.log(high))
    case .integer(let low, let high): return (Double(low) - 0.5, Double(high) + 0.5)
    case .choice(let count): return (0, Double(count))
    }
  }

  /// A value of the space from a number of its model domain.
  func value(fromModel x: Double) -> Double {
    switch self {
    case .uniform(let low, let high): return min(max(x, low), high)
    case .logUniform(let low, let high): return min(max(Foundation.exp(x), low), high)
    case .integer(let low, let high): return min(max(x.rounded(), Double(low)), Double(high))
    case .choice(let count): return min(max(x.rounded(.down), 0), Double(count - 1))
    }
  }

  /// A value of the space in its model domain.
  func model(_ value: Double) -> Double {
    if case .logUniform = self { return Foundation.log(value) }
    return value
  }

  /// A value drawn uniformly (log-uniformly for `log`).
  func sample(_ random: inout SeededGenerator) -> Double {
    let (low, high) = modelBounds
    return value(fromModel: low + (high - low) * random.nextUnit())
  }
}

/// One searched setting: a `train` option or a parameter of the network's function.
struct SearchParameter: Sendable, Hashable {
  /// The `train` option or function parameter searched (`lr`, `width`); `net` for a choice of networks.
  let name: String
  /// The values it may take.
  let space: SearchSpace
}
