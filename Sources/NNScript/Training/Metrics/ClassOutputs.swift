import Foundation
import NNCore

/// What a classifier's outputs for one sample say: each class's probability, and the class
/// predicted.
enum ClassOutputs {
  /// Each class's probability, from the outputs the network gives (its output activation
  /// applied): a softmax's as they are; one sigmoid unit's p as (1 − p, p); several sigmoid
  /// units' scaled to sum to 1, as a one-vs-rest classifier's are. Linear outputs get the
  /// activation their loss applies to them (softmax for `ce`, sigmoid for `bce`). Nil when
  /// the outputs are no probabilities: a linear output layer trained with `mse` or the like.
  static func probabilities(_ output: [Float], classes: Int, activation: Activation, loss: Loss) -> [Double]? {
    let z = output.prefix(max(classes, 1)).map(Double.init)
    let squashed: [Double]
    switch (activation, loss) {
    case (.softmax, _): squashed = z
    case (.sigmoid, _): squashed = z
    case (_, .crossEntropy): squashed = softmax(z)
    case (_, .binaryCrossEntropy): squashed = z.map { 1 / (1 + exp(-$0)) }
    default: return nil
    }
    if squashed.count == 1 { return [1 - squashed[0], squashed[0]] }
    // A softmax over more units than there are classes, or sigmoid units, do not sum to 1
    // over the classes.
    let total = squashed.reduce(0, +)
    return total > 0 ? squashed.map { $0 / total } : squashed
  }

  /// The class predicted: the most probable one, the first of equals (of one output unit's
  /// two classes, the second from 0.5 up); from the outputs as they are when they are no
  /// probabilities.
  static func predicted(_ output: [Float], probabilities: [Double]?) -> Int {
    if let probabilities {
      if output.count == 1 { return probabilities[1] >= 0.5 ? 1 : 0 }
      return probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
    }
    if output.count == 1 { return output[0] >= 0.5 ? 1 : 0 }
    return output.indices.max { output[$0] < output[$1] }!
  }

  private static func softmax(_ z: [Double]) -> [Double] {
    let top = z.max() ?? 0
    let e = z.map { exp($0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }
}

extension Model {
  /// The loss its outputs were trained with: the trainer's, else the one its output layer
  /// implies (a loaded network).
  var loss: Loss { trainer?.loss ?? .inferred(for: network) }

  /// Each class's probability for one sample's outputs; nil for value targets and for
  /// outputs that are no probabilities.
  func probabilities(_ output: [Float]) -> [Double]? {
    guard let names = classNames else { return nil }
    return ClassOutputs.probabilities(output, classes: names.count, activation: network.outputActivation, loss: loss)
  }
}
