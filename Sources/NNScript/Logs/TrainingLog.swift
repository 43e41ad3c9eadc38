import Foundation
import NNCore

/// `train … log: "runs/NAME"`: each epoch as a row of `metrics.csv` and as TensorBoard scalars
/// (train/loss, val/loss, train/acc, val/acc, lr), written as the epoch ends so that a crash
/// keeps what was logged. A new run in the same folder starts the log afresh, replacing only
/// the files the folder's LogMarker lists; a resumed run goes on with its own log from the
/// checkpoint's epoch.
final class TrainingLog: RunObserver {
  private let folder: String
  /// The folder as the script wrote it, and where, for messages.
  private let shown: String
  private let range: SourceRange
  /// The checkpoint's epoch when the run was resumed: the log keeps what came before it.
  private let resumedAfter: Int?
  /// Opened at the first epoch, so that a run refused before it leaves an earlier log alone.
  private var files: (csv: MetricsCSV, events: EventFile)?
  /// TensorBoard's step: epochs logged so far. With `restarts:` each attempt counts its
  /// epochs from 1 again, while TensorBoard needs steps that only go up.
  private var step: Int

  /// Checks that the folder is one, or makes it; the files wait for the first epoch.
  init(folder: String, shown: String, range: SourceRange, resumedAfter: Int?) throws {
    (self.folder, self.shown, self.range, self.resumedAfter) = (folder, shown, range, resumedAfter)
    step = resumedAfter ?? 0
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
      throw diagnostic(FileFailure("it is a file, not a folder"), shown: shown, range: range)
    }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw diagnostic(FileFailure("it cannot be created"), shown: shown, range: range)
    }
  }

  /// Opens the log with the first epoch. A fresh run starts `metrics.csv` anew and removes the
  /// earlier runs' event files (TensorBoard would mix them with its own); a resumed run keeps
  /// its rows up to the checkpoint (a crash may have logged epochs after it) and its event
  /// files, whose later steps TensorBoard drops when the steps start again lower. Only files
  /// the marker lists are the log's to replace or remove, and only once the first epoch is on
  /// disk: a run that fails before that leaves the earlier log as it was.
  private func open(first record: EpochRecord, _ scalars: [(tag: String, value: Float)]) throws(FileFailure) -> (
    csv: MetricsCSV, events: EventFile
  ) {
    var marker = try LogMarker(folder: folder)
    let csvPath = "\(folder)/\(MetricsCSV.name)"
    if FileManager.default.fileExists(atPath: csvPath), !marker.files.contains(MetricsCSV.name) {
      throw FileFailure(
        "it holds a \(MetricsCSV.name) that its \(LogMarker.name) does not list (another program's, or an earlier nnscript's): remove it or name another folder"
      )
    }
    var kept: [String] = []
    if let epoch = resumedAfter {
      let text = (try? String(contentsOfFile: csvPath, encoding: .utf8)) ?? ""
      kept = text.split(separator: "\n").dropFirst().map(String.init).filter { row in
        Int(row.prefix { $0 != "," }).map { $0 <= epoch } ?? false
      }
    }
    let earlier = marker.files
    let name = EventFile.freeName(in: folder)
    // Listed before it exists, so that a crash from here on leaves no file of the log unknown.
    marker.files.formUnion([MetricsCSV.name, name])
    try marker.write(to: folder)
    let events = try EventFile(name, in: folder, first: scalars, step: step)
    let csv: MetricsCSV
    do {
      csv = try MetricsCSV(path: csvPath, rows: kept, first: record)
    } catch {
      events.remove()
      throw error
    }
    if resumedAfter == nil {
      for file in earlier where file.hasPrefix(EventFile.prefix) {
        // Gone already is as good as removed (another process logging to the same folder).
        guard unlink("\(folder)/\(file)") == 0 || errno == ENOENT else { throw FileFailure.posix() }
      }
      marker.files = [MetricsCSV.name, name]
      try marker.write(to: folder)
    }
    return (csv, events)
  }

  func epochEnded(_ record: EpochRecord, trainer: Trainer) throws {
    step += 1
    var scalars: [(tag: String, value: Float)] = [("train/loss", record.loss)]
    if let loss = record.validationLoss { scalars.append(("val/loss", loss)) }
    if let acc = record.accuracy { scalars.append(("train/acc", acc)) }
    if let acc = record.validationAccuracy { scalars.append(("val/acc", acc)) }
    scalars.append(("lr", record.learningRate))
    do {
      if let (csv, events) = files {
        try csv.append(record)
        try events.append(scalars, step: step)
      } else {
        files = try open(first: record, scalars)
      }
    } catch let failure as FileFailure {
      throw diagnostic(failure, shown: shown, range: range)
    }
  }

  func runEnded(_ run: TrainingRun, trainer: Trainer) throws {
    do {
      try files?.csv.close()
      try files?.events.close()
    } catch let failure as FileFailure {
      throw diagnostic(failure, shown: shown, range: range)
    }
  }
}

/// `log: cannot write to runs/a: no space left on device`, at the option's value.
private func diagnostic(_ failure: FileFailure, shown: String, range: SourceRange) -> Diagnostic {
  Diagnostic(error: "log: cannot write to \(shown): \(failure.reason)", at: range)
}
