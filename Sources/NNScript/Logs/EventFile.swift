import Foundation

/// A TensorBoard event file being written: `events.out.tfevents.<seconds>.<host>` in a log
/// folder, the file-version record first, then one record of scalars per step.
final class EventFile {
  let path: String
  private let file: AppendingFile

  /// Starts a new file in `folder`; a name already taken (two runs in one second) gets a
  /// numbered suffix.
  init(folder: String, now: Date = Date()) throws {
    let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
    let base = "\(folder)/events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(host)"
    var path = base
    var suffix = 1
    while FileManager.default.fileExists(atPath: path) {
      path = "\(base).\(suffix)"
      suffix += 1
    }
    self.path = path
    file = try AppendingFile(creating: path)
    try file.append(TFRecord.frame(TensorBoardEvent.fileVersion(wallTime: now.timeIntervalSince1970)))
  }

  func append(_ scalars: [(tag: String, value: Float)], step: Int, at time: Date = Date()) throws {
    let event = TensorBoardEvent.scalars(scalars, step: Int64(step), wallTime: time.timeIntervalSince1970)
    try file.append(TFRecord.frame(event))
  }

  func close() throws { try file.close() }
}
