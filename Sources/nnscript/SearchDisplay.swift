import Foundation
import NNScript

/// Shows a running `search` on standard error. On a terminal: a block redrawn in place, a
/// header with the trials done and the best so far, then one line per running trial. Anywhere
/// else: one plain line per trial as it ends.
final class SearchDisplay {
  private let live: Bool
  private var total = 0
  private var ended = 0
  private var running: [Int: SearchTrialProgress] = [:]
  private var best: (trial: Int, loss: Double)?
  /// Lines of the block drawn last, to move back over.
  private var drawn = 0
  private var lastDraw: ContinuousClock.Instant?
  private let clock = ContinuousClock()
  private static let redrawInterval = Duration.milliseconds(100)
  /// The script asked the running `search` for no output: it is not drawn.
  private var quiet = false

  init(live: Bool) { self.live = live }

  /// Makes `engine`'s searches show here, and lets them run trials on a cluster with this
  /// very program (`nnscript trial`).
  static func attach(to engine: Engine, live: Bool) {
    let display = SearchDisplay(live: live)
    engine.search.onEvent = display.handle
    engine.search.trialCommand = [TrialCommand.executablePath, "trial"]
  }

  func handle(_ event: SearchEvent) {
    if case .started(let trials, _, _, let quiet) = event {
      (total, ended, running, best, drawn, lastDraw) = (trials, 0, [:], nil, 0, nil)
      self.quiet = quiet
    }
    guard !quiet else { return }
    switch event {
    case .started:
      break
    case .trial(let progress):
      best = progress.best
      if progress.state == .running {
        running[progress.number] = progress
      } else {
        running[progress.number] = nil
        ended += 1
        if !live { Terminal.writeError(Self.endedLine(progress, of: total) + "\n") }
      }
      if live { draw() }
    case .finished:
      if live { draw(final: true) }
    }
  }

  /// `trial 7/30 pruned after 3 epochs: val_loss 0.412 (width 64, lr 0.00312)`
  static func endedLine(_ p: SearchTrialProgress, of total: Int) -> String {
    let loss = p.validationLoss.map { ": val_loss \(format($0))" } ?? ""
    let acc = p.validationAccuracy.map { ", val_acc \(format($0))" } ?? ""
    return "trial \(p.number)/\(total) \(p.state.rawValue) after \(p.epoch) epoch\(p.epoch == 1 ? "" : "s")"
      + loss + acc + " (\(p.settings))"
  }

  /// `trial  12  epoch  4/20  val_loss 0.231  width 64, lr 0.00312`
  static func runningLine(_ p: SearchTrialProgress) -> String {
    let width = String(p.epochs).count
    let epoch = String(repeating: " ", count: max(0, width - String(p.epoch).count)) + "\(p.epoch)/\(p.epochs)"
    let loss = p.validationLoss.map { "val_loss \(format($0))" } ?? ""
    return "  trial \(p.number)  epoch \(epoch)  \(loss)  \(p.settings)"
  }

  /// Redraws the block in place (at most every 100 ms unless `final`); the final one leaves
  /// only the header line.
  private func draw(final: Bool = false) {
    let now = clock.now
    if !final, let lastDraw, now - lastDraw < Self.redrawInterval { return }
    lastDraw = now
    let columns = Terminal.columns
    let header =
      "search \(ended)/\(total) trials"
      + (best.map { ", best val_loss \(Self.format($0.loss)) (trial \($0.trial))" } ?? "")
    let lines = [header] + (final ? [] : running.keys.sorted().map { Self.runningLine(running[$0]!) })
    // The cursor rests at the end of the block's last line: back to its first line, then
    // each line cleared and drawn, cut to the width so that none wraps.
    var out = (drawn > 1 ? "\u{1B}[\(drawn - 1)A" : "") + "\r"
    for (i, line) in lines.enumerated() {
      out += (i > 0 ? "\n" : "") + "\u{1B}[2K" + String(line.prefix(max(columns - 1, 0)))
    }
    let extra = drawn - lines.count
    if extra > 0 { out += String(repeating: "\n\u{1B}[2K", count: extra) + "\u{1B}[\(extra)A" }
    drawn = final ? 0 : lines.count
    Terminal.writeError(out + (final ? "\n" : ""))
  }

  static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}
