import Foundation
import NNCore

/// The lines `train` and its folds print: what a run ended with, in a line.
enum TrainingText {
  /// `trained 30 epochs in 1.2 s: loss 0.0123, acc 0.998, val_loss 0.0812, val_acc 0.972`
  static func summary(_ run: TrainingRun) -> String {
    var parts: [String] = []
    if let last = run.final ?? run.history.last {
      parts.append("loss \(format(last.loss))")
      if let acc = last.accuracy { parts.append("acc \(format(acc))") }
      if let loss = last.validationLoss { parts.append("val_loss \(format(loss))") }
      if let acc = last.validationAccuracy { parts.append("val_acc \(format(acc))") }
    }
    var line =
      "trained \(run.history.count) epoch\(run.history.count == 1 ? "" : "s") in \(String(format: "%.2f", run.seconds)) s"
    if case .completed = run.stopReason {} else { line += " (\(run.stopReason))" }
    return line + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "\n"
  }

  private static func format(_ x: Float) -> String { String(format: "%.4g", Double(x)) }

  /// `fold 2/5: val_loss 0.0812, val_acc 0.967 after 30 epochs`, and why it stopped when it
  /// did not complete.
  static func fold(_ k: Int, of count: Int, _ run: TrainingRun) -> String {
    var parts: [String] = []
    if let last = run.final ?? run.history.last {
      if let loss = last.validationLoss { parts.append("val_loss \(foldNumber(Double(loss)))") }
      if let acc = last.validationAccuracy { parts.append("val_acc \(foldNumber(Double(acc)))") }
    }
    var line = parts.joined(separator: ", ") + " after \(run.history.count) epoch\(run.history.count == 1 ? "" : "s")"
    if case .completed = run.stopReason {} else { line += " (\(run.stopReason))" }
    return "fold \(k + 1)/\(count): " + line + "\n"
  }

  /// `5 folds: val_loss 0.0812 ± 0.01, val_acc 0.967 ± 0.02`
  static func folds(_ count: Int, _ metrics: [(metric: String, mean: Double, std: Double)]) -> String {
    "\(count) folds: "
      + metrics.map { "\($0.metric) \(foldNumber($0.mean)) ± \(foldNumber($0.std))" }
      .joined(separator: ", ") + "\n"
  }

  private static func foldNumber(_ x: Double) -> String { String(format: "%.4g", x) }
}
