import Foundation

/// A TensorBoard event file being written: `events.out.tfevents.<seconds>.<host>` in a log
/// folder, the file-version record first, then one record of scalars per step.
final class EventFile {
  static let prefix = "events.out.tfevents."
  private let file: AppendingFile

  var name: String { (file.path as NSString).lastPathComponent }

  /// A name for a new file in `folder`; a name already taken (two runs in one second) gets a
  /// numbered suffix.
  static func freeName(in folder: String, now: Date = Date()) -> String {
    let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
    let base = "\(prefix)\(Int(now.timeIntervalSince1970)).\(host)"
    var name = base
    var suffix = 1
    while FileManager.default.fileExists(atPath: "\(folder)/\(name)") {
      name = "\(base).\(suffix)"
      suffix += 1
    }
    return name
  }

  /// Starts the file `name` in `folder` with the file-version record and the first step's
  /// scalars. A file that cannot hold them (a full disk) is removed: no empty event file stays.
  init(
    _ name: String, in folder: String, first scalars: [(tag: String, value: Float)], step: Int, now: Date = Date()
  ) throws(FileFailure) {
    file = try AppendingFile(creating: "\(folder)/\(name)")
    do {
      try file.append(TFRecord.frame(TensorBoardEvent.fileVersion(wallTime: now.timeIntervalSince1970)))
      try append(scalars, step: step, at: now)
    } catch {
      file.remove()
      throw error
    }
  }

  func append(_ scalars: [(tag: String, value: Float)], step: Int, at time: Date = Date()) throws(FileFailure) {
    let event = TensorBoardEvent.scalars(scalars, step: Int64(step), wallTime: time.timeIntervalSince1970)
    try file.append(TFRecord.frame(event))
  }

  func close() throws(FileFailure) { try file.close() }

  /// Closes and deletes the file.
  func remove() { file.remove() }
}
