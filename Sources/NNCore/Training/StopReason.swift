/// Why a run ended.
public enum StopReason: Sendable, Hashable, CustomStringConvertible {
  /// Every epoch ran.
  case completed
  /// The monitored loss did not improve for the patience; the weights are the best epoch's.
  case earlyStopping(epoch: Int, bestEpoch: Int)
  /// The loss of a step was NaN or infinite; that step made no update. `layer` (0-based) is
  /// the first layer whose output held non-finite values, when one did.
  case nonFiniteLoss(epoch: Int, step: Int, layer: Int?, layerDescription: String?)
  /// The cancellation flag was set; training stopped after the step that was running.
  case cancelled(epoch: Int, step: Int)
  /// The configuration's step limit was reached after this step.
  case stepLimit(epoch: Int, step: Int)

  /// Whether the run ended part-way on request (cancelled, or at its step limit): restarts
  /// do not follow, and the weights are those of the last step.
  public var isInterruption: Bool {
    switch self {
    case .cancelled, .stepLimit: true
    default: false
    }
  }

  /// The reason as the run summary words it: `stopped early after epoch 12; kept the weights of epoch 9`.
  public var description: String {
    switch self {
    case .completed:
      return "completed"
    case .earlyStopping(let epoch, let best):
      return "stopped early after epoch \(epoch); kept the weights of epoch \(best)"
    case .nonFiniteLoss(let epoch, let step, let layer, let text):
      let place = layer.map { " (non-finite values first appeared in layer \($0 + 1), \(text ?? ""))" } ?? ""
      return "the loss became non-finite at epoch \(epoch), step \(step)\(place)"
    case .cancelled(let epoch, let step):
      return "cancelled at epoch \(epoch), step \(step)"
    case .stepLimit(let epoch, let step):
      return "stopped at its step limit, epoch \(epoch), step \(step)"
    }
  }
}
