/// Which findings can be symptoms of which: the report puts a finding under the
/// higher-ranked cause that explains it, so the user reads the cause first and its
/// consequences under it.
extension Finding.Code {
  /// Whether a run with this problem is expected to show `other` as a consequence. Some
  /// pairs go both ways (an lr that is too high makes gradients explode, exploding gradients
  /// make every rate too high); the ranking of the run decides which is the cause.
  func canExplain(_ other: Finding.Code) -> Bool {
    guard self != other, other != .converged else { return false }
    // Whatever holds a run back leaves it still falling at its end: `undertrained` is the
    // cause only when nothing else is wrong.
    if other == .undertrained { return true }
    return Self.symptoms[self]?.contains(other) ?? false
  }

  /// Each cause and what it brings about in a run.
  private static let symptoms: [Finding.Code: Set<Finding.Code>] = [
    // A setup that cannot produce the targets shows as any kind of failed run.
    .outputMismatch: runtime,
    .labelRange: runtime,
    .linearStack: [.underfitting, .plateau, .undertrained],
    // Features or targets far from unit scale make huge first steps, saturate squashing
    // units, kill relus and start confidently wrong. A rate the run shows too high is its
    // own finding: an unscaled target does not explain a divergence away.
    .unscaledInput: [
      .explodingGradients, .nanLoss, .saturatedUnits, .dyingReLU, .initialLoss, .oscillation,
      .vanishingGradients, .underfitting, .plateau, .lrTooLow, .undertrained,
    ],
    .unscaledTarget: [.explodingGradients, .nanLoss, .oscillation, .initialLoss, .plateau, .undertrained],
    .classImbalance: [.noSignal, .underfitting],
    .unshuffled: [.oscillation, .underfitting, .noSignal, .plateau],
    .tooLittleData: [.overfitting],
    .initialLoss: [.explodingGradients, .saturatedUnits, .dyingReLU, .plateau],
    .nanLoss: [.lrTooHigh, .explodingGradients],
    // Overshooting steps swing the loss, throw weights about, kill relus and saturate; the
    // inflated weights make the validation loss climb as if the net memorised (Adam at lr 10
    // on iris ends at a validation loss of 26 and val_acc 0.83).
    .lrTooHigh: [
      .nanLoss, .explodingGradients, .oscillation, .dyingReLU, .saturatedUnits, .plateau, .underfitting,
      .undertrained, .overfitting,
    ],
    .explodingGradients: [.nanLoss, .lrTooHigh, .oscillation, .dyingReLU, .saturatedUnits],
    // Noisy steps (batch 1, say) swing the loss and knock relus dead.
    .oscillation: [.dyingReLU, .underfitting, .plateau],
    .dyingReLU: [.vanishingGradients, .underfitting, .plateau, .lrTooLow],
    // No gradient reaches the early layers: the loss stalls at chance, weights barely move.
    .vanishingGradients: [.underfitting, .lrTooLow, .plateau, .saturatedUnits, .undertrained],
    .saturatedUnits: [.vanishingGradients, .underfitting, .plateau, .lrTooLow, .undertrained],
    .lrTooLow: [.underfitting, .plateau, .undertrained, .vanishingGradients],
    .noSignal: [.overfitting, .tooLittleData, .underfitting],
    .overfitting: [.tooLittleData],
    .underfitting: [.undertrained],
    .plateau: [.undertrained],
  ]

  /// The codes a run shows, as opposed to its setup.
  private static let runtime: Set<Finding.Code> = [
    .nanLoss, .lrTooHigh, .explodingGradients, .dyingReLU, .vanishingGradients, .saturatedUnits, .lrTooLow,
    .noSignal, .overfitting, .underfitting, .oscillation, .plateau, .undertrained, .initialLoss,
  ]
}
