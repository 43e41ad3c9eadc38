import NNCore

extension Network {
  /// The line under a summary's table of `summary` rows, for `summary` and `report` alike:
  /// `input width 64, 2410 parameters`, or `input 8×8×1, 410 parameters` when the samples
  /// have a shape.
  var summaryFooter: String {
    let input = inputShape.isFlat ? "input width \(inputWidth)" : "input \(inputShape)"
    return "\(input), \(parameterCount) parameters"
  }
}
