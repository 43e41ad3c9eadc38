import Foundation
import NNCore

/// `train … log: "runs/NAME"`: each epoch as a row of `metrics.csv` and as TensorBoard scalars
/// (train/loss, val/loss, train/acc, val/acc, lr), written as the epoch ends so that a crash
/// keeps what was logged. A new run in the same folder starts the log afresh.
final class TrainingLog: RunObserver {
  private let csv: MetricsCSV
  private let events: EventFile
  /// The folder as the script wrote it, and where, for messages.
  private let shown: String
  private let range: SourceRange
  /// TensorBoard's step: epochs logged so far. With `restarts:` each attempt counts its
  /// epochs from 1 again, while TensorBoard needs steps that only go up.
  private var step = 0

  /// Makes the folder, removes the event files of an earlier run there, and starts the files.
  init(folder: String, shown: String, range: SourceRange) throws {
    self.shown = shown
    self.range = range
    do {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
        throw FileFailure(reason: "it is a file, not a folder")
      }
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw FileFailure(reason: "it cannot be created")
      }
      // TensorBoard reads every event file in a folder: an earlier run's would mix with this one.
      let earlier = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      for name in earlier where name.hasPrefix("events.out.tfevents.") {
        // Gone already is as good as removed (another process logging to the same folder).
        guard unlink("\(folder)/\(name)") == 0 || errno == ENOENT else { throw FileFailure.posix(errno) }
      }
      csv = try MetricsCSV(path: "\(folder)/metrics.csv")
      events = try EventFile(folder: folder)
    } catch let failure as FileFailure {
      throw diagnostic(failure, shown: shown, range: range)
    }
  }

  func epochEnded(_ record: EpochRecord, trainer: Trainer) throws {
    step += 1
    var scalars: [(tag: String, value: Float)] = [("train/loss", record.loss)]
    if let loss = record.validationLoss { scalars.append(("val/loss", loss)) }
    if let acc = record.accuracy { scalars.append(("train/acc", acc)) }
    if let acc = record.validationAccuracy { scalars.append(("val/acc", acc)) }
    scalars.append(("lr", record.learningRate))
    do {
      try csv.append(record)
      try events.append(scalars, step: step)
    } catch let failure as FileFailure {
      throw diagnostic(failure, shown: shown, range: range)
    }
  }

  func runEnded(_ run: TrainingRun, trainer: Trainer) throws {
    do {
      try csv.close()
      try events.close()
    } catch let failure as FileFailure {
      throw diagnostic(failure, shown: shown, range: range)
    }
  }
}

/// `log: cannot write to runs/a: no space left on device`, at the option's value.
private func diagnostic(_ failure: FileFailure, shown: String, range: SourceRange) -> Diagnostic {
  Diagnostic(error: "log: cannot write to \(shown): \(failure.reason)", at: range)
}
