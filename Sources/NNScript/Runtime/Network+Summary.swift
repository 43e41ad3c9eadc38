import NNCore

extension Network {
  /// The line under a summary's table of `summary` rows, for `summary` and `report` alike:
  /// `input width 64, 2410 parameters`, or `input 8×8×1, 410 parameters` when the samples
  /// have a shape.
  var summaryFooter: String { Self.summaryFooter(inputShape: inputShape, parameterCount: parameterCount) }

  /// `summaryFooter` for a network on samples of `inputShape` with `parameterCount` parameters.
  static func summaryFooter(inputShape: SampleShape, parameterCount: Int) -> String {
    let input = inputShape.isFlat ? "input width \(inputShape.count)" : "input \(inputShape)"
    return "\(input), \(shown(parameterCount)) parameters"
  }

  /// A parameter count as the summary shows it; one too large for an `Int` was counted as
  /// `Int.max` (`LayerConfig.parameterCount`).
  static func shown(_ parameterCount: Int) -> String {
    parameterCount == .max ? "more than 9.2e18" : String(parameterCount)
  }
}
