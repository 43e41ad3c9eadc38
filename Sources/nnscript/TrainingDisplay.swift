import Foundation
import NNScript

/// Shows a running `train` on standard error. On a terminal: one line per run, redrawn in place
/// as epochs end (progress bar, metrics, ETA), then a small chart of the loss curves. Anywhere
/// else (a pipe, a log, NO_COLOR): one plain line per epoch and no escape codes.
final class TrainingDisplay {
  private let live: Bool
  private var epochs: [EpochProgress] = []
  private var total = 0
  private var lastDraw: ContinuousClock.Instant?
  /// The script asked the running `train` for no output: it is not drawn.
  private var quiet = false
  private let clock = ContinuousClock()
  /// Redraws closer together than this are skipped (a tiny net can finish thousands of
  /// epochs a second); the last epoch is always drawn.
  private static let redrawInterval = Duration.milliseconds(50)

  init(live: Bool) { self.live = live }

  func handle(_ event: TrainingEvent) {
    if case .started(let epochs, let quiet) = event {
      self.epochs = []
      total = epochs
      lastDraw = nil
      self.quiet = quiet
    }
    guard !quiet else { return }
    switch event {
    case .started:
      break
    case .epoch(let progress):
      epochs.append(progress)
      guard live else {
        Terminal.writeError(Self.plainLine(progress) + "\n")
        return
      }
      let now = clock.now
      if let lastDraw, now - lastDraw < Self.redrawInterval, progress.epoch < progress.epochs { return }
      lastDraw = now
      let columns = Terminal.columns
      Terminal.writeError("\r\u{1B}[2K" + Self.fitted(Self.liveLine(progress, columns: columns), to: columns))
    case .step, .finding:
      // Findings are notes, shown as the doctor says them; steps are too many to draw.
      break
    case .finished:
      guard live, let last = epochs.last else { return }
      let columns = Terminal.columns
      Terminal.writeError("\r\u{1B}[2K" + Self.fitted(Self.liveLine(last, columns: columns), to: columns) + "\n")
      Terminal.writeError(LossChart(epochs).rendered(width: min(columns, 80)))
    }
  }

  /// `epoch 3/30: loss 0.5123 acc 0.8 val_loss 0.6 val_acc 0.7 lr 0.001 (0.4 s)`
  static func plainLine(_ p: EpochProgress) -> String {
    "epoch \(p.epoch)/\(p.epochs): " + metrics(p).joined(separator: " ") + " (\(seconds(p.elapsed)))"
  }

  /// `epoch  12/30 ━━━━━━━╺━━━━━━━ loss 0.123 acc 0.956 … lr 0.001 ETA 3.0 s`, the bar as wide
  /// as the terminal leaves room for (up to 20 columns, none under 3).
  static func liveLine(_ p: EpochProgress, columns: Int) -> String {
    let width = String(p.epochs).count
    let counter = String(repeating: " ", count: width - String(p.epoch).count) + "\(p.epoch)/\(p.epochs)"
    let remaining = p.epoch < p.epochs ? p.elapsed / Double(p.epoch) * Double(p.epochs - p.epoch) : 0
    let timing = p.epoch < p.epochs ? "ETA \(seconds(remaining))" : seconds(p.elapsed)
    let rest = metrics(p).joined(separator: " ") + " " + timing
    let barWidth = min(20, columns - 1 - "epoch \(counter)  \(rest)".count)
    let fraction = Double(p.epoch) / Double(max(p.epochs, 1))
    return "epoch \(counter) " + (barWidth >= 3 ? bar(fraction, width: barWidth) + " " : "") + rest
  }

  private static func metrics(_ p: EpochProgress) -> [String] {
    var parts = ["loss \(format(p.loss))"]
    if let acc = p.accuracy { parts.append("acc \(format(acc))") }
    if let loss = p.validationLoss { parts.append("val_loss \(format(loss))") }
    if let acc = p.validationAccuracy { parts.append("val_acc \(format(acc))") }
    for (name, value) in p.validationMetrics { parts.append("\(name) \(value.map(format) ?? "none")") }
    parts.append("lr \(format(p.learningRate))")
    return parts
  }

  private static func bar(_ fraction: Double, width: Int) -> String {
    let done = Int((fraction * Double(width)).rounded(.down))
    if done >= width { return String(repeating: "━", count: width) }
    return String(repeating: "━", count: done) + "╺" + String(repeating: "─", count: width - done - 1)
  }

  static func format(_ x: Double) -> String { String(format: "%.3g", x) }

  private static func seconds(_ s: Double) -> String {
    s < 60 ? String(format: "%.1f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
  }

  /// The line cut to the terminal's width: a line that wraps cannot be redrawn in place.
  private static func fitted(_ line: String, to columns: Int) -> String {
    line.count < columns ? line : String(line.prefix(max(columns - 1, 0)))
  }
}
