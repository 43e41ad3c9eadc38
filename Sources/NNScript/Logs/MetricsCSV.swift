import Foundation
import NNCore

/// `metrics.csv` of a training log: a header row, then a row per epoch as it ends. A metric
/// the run does not have (accuracy for regression) is an empty field; non-finite values are
/// written `nan`, `inf` and `-inf`, as pandas and numpy read them.
final class MetricsCSV {
  static let name = "metrics.csv"
  static let header = "epoch,loss,acc,val_loss,val_acc,lr,seconds\n"
  private let file: AppendingFile

  /// Replaces the file at `path` with the header, `rows` (the earlier rows a resumed run keeps)
  /// and the first epoch's row, all at once, so that until then the earlier file stays whole.
  init(path: String, rows: [String], first record: EpochRecord) throws(FileFailure) {
    let text = Self.header + rows.map { $0 + "\n" }.joined() + Self.row(record)
    try AtomicFile.write(Data(text.utf8), to: path)
    file = try AppendingFile(appendingTo: path)
  }

  func append(_ record: EpochRecord) throws(FileFailure) { try file.append(Self.row(record)) }

  func close() throws(FileFailure) { try file.close() }

  static func row(_ record: EpochRecord) -> String {
    func field(_ value: Float?) -> String { value.map { "\($0)" } ?? "" }
    let fields = [
      String(record.epoch), field(record.loss), field(record.accuracy), field(record.validationLoss),
      field(record.validationAccuracy), field(record.learningRate), String(format: "%.4f", record.seconds),
    ]
    return fields.joined(separator: ",") + "\n"
  }
}
