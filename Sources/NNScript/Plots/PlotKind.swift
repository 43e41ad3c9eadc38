/// What `plot` can draw, one word each (`Vocabularies.plots`): a chart of every run given.
enum PlotKind: String, CaseIterable {
  case loss, acc, lr, grads

  var title: String {
    switch self {
    case .loss: "loss"
    case .acc: "accuracy"
    case .lr: "learning rate"
    case .grads: "gradient norm per layer"
    }
  }

  var xTitle: String { self == .grads ? "step" : "epoch" }

  /// Loss, rates and gradient norms often span decades; accuracy never does.
  var allowsLogY: Bool { self != .acc }

  /// Why a run gives no curve of this kind, for the error when none of the runs does.
  var absence: String {
    switch self {
    case .loss, .lr: "no epoch to plot: the run ended before its first epoch"
    case .acc: "no accuracy to plot: the run predicts values, not classes"
    case .grads: "no gradient norms to plot: the run sampled no step"
    }
  }
}
