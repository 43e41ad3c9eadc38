import NNCore

/// `metrics.csv` of a training log: a header row, then a row per epoch as it ends. A metric
/// the run does not have (accuracy for regression) is an empty field; non-finite values are
/// written `nan`, `inf` and `-inf`, as pandas and numpy read them.
final class MetricsCSV {
  static let header = "epoch,loss,acc,val_loss,val_acc,lr,seconds\n"
  private let file: AppendingFile

  /// Starts the file with the header and `rows`, the earlier rows a resumed run keeps.
  init(path: String, rows: [String] = []) throws {
    file = try AppendingFile(creating: path)
    try file.append(Self.header + rows.map { $0 + "\n" }.joined())
  }

  func append(_ record: EpochRecord) throws { try file.append(Self.row(record)) }

  func close() throws { try file.close() }

  static func row(_ record: EpochRecord) -> String {
    func field(_ value: Float?) -> String { value.map { "\($0)" } ?? "" }
    let fields = [
      String(record.epoch), field(record.loss), field(record.accuracy), field(record.validationLoss),
      field(record.validationAccuracy), field(record.learningRate), String(format: "%.4f", record.seconds),
    ]
    return fields.joined(separator: ",") + "\n"
  }
}
