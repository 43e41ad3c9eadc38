import NNCore

/// A run as a chart shows it: its history and telemetry, the name the legend gives it, and
/// its layers as the script wrote them.
struct PlottedRun {
  let run: TrainingRun
  /// `run 2: lr 0.1`; empty when it is the only run drawn.
  let label: String
  /// By index in the network: `dense 64 relu`.
  let layers: [String]
}

/// Pulls a chart's series out of runs. One run gets a colour per curve; several runs get a
/// colour each, and the training and validation curves of a run differ in dash (gradient
/// curves: a colour per layer, a dash per run).
enum RunCurves {
  static func panel(_ kind: PlotKind, runs: [PlottedRun]) -> Panel {
    let single = runs.count == 1
    var series: [Series] = []
    for (index, plotted) in runs.enumerated() {
      let history = plotted.run.history
      func curve(_ name: String, _ value: (EpochRecord) -> Float?, part: Int) {
        let points = history.compactMap { record in
          value(record).map { Series.Point(x: Double(record.epoch), y: Double($0)) }
        }
        guard !points.isEmpty else { return }
        let label = single ? name : "\(plotted.label) · \(name)"
        series.append(
          Series(
            name: label, points: points, color: Palette.color(single ? part : index),
            dash: single ? .solid : Palette.dash(part)))
      }
      switch kind {
      case .loss:
        curve("train", { $0.loss }, part: 0)
        curve("validation", { $0.validationLoss }, part: 1)
      case .acc:
        curve("train", { $0.accuracy }, part: 0)
        curve("validation", { $0.validationAccuracy }, part: 1)
      case .lr:
        curve("learning rate", { $0.learningRate }, part: 0)
      case .grads:
        series += gradients(plotted, run: index, single: single)
      }
    }
    return Panel(
      title: kind.title, xTitle: kind.xTitle, yTitle: yTitle(kind, runs), series: series,
      allowsLogY: kind.allowsLogY)
  }

  /// One series per layer with a gradient, at each sampled step.
  private static func gradients(_ plotted: PlottedRun, run: Int, single: Bool) -> [Series] {
    let samples = plotted.run.telemetry.samples
    let layers = Set(samples.flatMap { $0.layers.filter { $0.gradientNorm != nil }.map(\.layer) }).sorted()
    return layers.enumerated().map { order, layer in
      let points = samples.compactMap { sample in
        sample.layers.first { $0.layer == layer }?.gradientNorm.map {
          Series.Point(x: Double(sample.step), y: Double($0))
        }
      }
      let described = layer < plotted.layers.count ? " (\(plotted.layers[layer]))" : ""
      let name = "layer \(layer + 1)\(described)"
      return Series(
        name: single ? name : "\(plotted.label) · \(name)", points: points, color: Palette.color(order),
        dash: single ? .solid : Palette.dash(run))
    }
  }

  private static func yTitle(_ kind: PlotKind, _ runs: [PlottedRun]) -> String {
    switch kind {
    case .loss:
      let losses = Set(runs.map(\.run.lossFunction.description))
      return losses.count == 1 ? "loss (\(losses.first!))" : "loss"
    case .acc: return "accuracy"
    case .lr: return "learning rate"
    case .grads: return "‖∇W‖ (L2 norm)"
    }
  }
}
