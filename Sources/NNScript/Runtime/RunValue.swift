import NNCore

/// What `train` returns: the finished run, with the canonical members of language.md.
///
///     if case .run(let run)? = engine[variable: "r"], case .number(let accuracy)? = run.member("val_acc") {
///       print("validation accuracy", accuracy, "after", run.member("epochs")?.description ?? "?", "epochs")
///     }
public struct RunValue: Sendable {
  /// The training core's whole record of the run: history, telemetry, why it stopped.
  let run: TrainingRun

  static let memberNames = ["loss", "acc", "val_loss", "val_acc", "epochs", "seconds", "history", "stopped", "lr"]

  /// A member as scripts read it (`r.val_acc`, `r.history`…); nil for an unknown name.
  public func member(_ name: String) -> Value? {
    let last = run.final ?? run.history.last
    func metric(_ value: Float?) -> Value { value.map { .number($0.asScriptNumber) } ?? .none }
    switch name {
    case "loss": return metric(last?.loss)
    case "acc": return metric(last?.accuracy)
    case "val_loss": return metric(last?.validationLoss)
    case "val_acc": return metric(last?.validationAccuracy)
    case "lr": return metric(last?.learningRate)
    case "epochs": return .number(Double(run.history.count))
    case "seconds": return .number(Self.microseconds(run.seconds))
    case "stopped": return .string(run.stopReason.description)
    case "history":
      return .list(
        run.history.map { record in
          .record(
            Record([
              ("epoch", .number(Double(record.epoch))), ("loss", metric(record.loss)), ("acc", metric(record.accuracy)),
              ("val_loss", metric(record.validationLoss)), ("val_acc", metric(record.validationAccuracy)),
              ("lr", metric(record.learningRate)), ("seconds", .number(Self.microseconds(record.seconds))),
            ]))
        })
    default: return nil
    }
  }

  /// Wall time to the microsecond: the clock says no more, and scripts and tables then show
  /// 0.001448848 rather than 0.0014488480000000002.
  private static func microseconds(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }

  /// `<run: 30 epochs, val_acc 0.972>`
  var summary: String {
    var out = "<run: \(run.history.count) epoch\(run.history.count == 1 ? "" : "s")"
    if let last = run.final ?? run.history.last {
      if let acc = last.validationAccuracy { out += ", val_acc \(Value.format(acc.asScriptNumber))" }
      if let loss = last.validationLoss { out += ", val_loss \(Value.format(loss.asScriptNumber))" }
    }
    return out + ">"
  }
}

/// The session's trained network: the script's description of it, the core network with
/// its weights, what training needs to continue where it stopped, and what its data looks
/// like, which `predict` and `save` need.
final class Model {
  let description: NetworkValue
  let network: Network
  /// The shape of one sample of the data the network was compiled for, channels last (flat
  /// features for data without a shape), and the data's class names.
  let inputShape: SampleShape
  let classNames: [String]?
  /// The names of the features and of the target of the data it last trained on (or was
  /// loaded with), for `save`.
  private(set) var featureNames: [String]
  private(set) var targetName: String
  /// The preparation of the training data, applied to raw samples given to `predict`.
  private(set) var preparation: [PreparationStep]
  /// The last trainer, whose optimiser state a next `train` continues from.
  var trainer: Trainer?

  init(description: NetworkValue, network: Network, dataset: Dataset) {
    self.description = description
    self.network = network
    inputShape = dataset.inputShape
    classNames = dataset.targets.classNames
    featureNames = dataset.featureNames
    targetName = dataset.targetName
    preparation = dataset.preparation
  }

  /// Features per sample.
  var inputWidth: Int { inputShape.count }

  /// Whether this model can go on training `network` on `dataset`: the same network, on
  /// samples of the same shape (not only the same width: 8×8×1 images are not 4×16
  /// sequences) and the same classes.
  func fits(_ network: NetworkValue, _ dataset: Dataset) -> Bool {
    description.description == network.description && inputShape == dataset.inputShape
      && classNames == dataset.targets.classNames
  }

  /// Takes the names and preparation of `dataset`, which it fits, as those of its data.
  func trains(on dataset: Dataset) {
    featureNames = dataset.featureNames
    targetName = dataset.targetName
    preparation = dataset.preparation
  }
}

extension Float {
  /// The number a script sees: the shortest decimal that reads back as this Float, so a
  /// metric prints as 0.99442899 rather than 0.9944289922714233.
  var asScriptNumber: Double { Double("\(self)") ?? Double(self) }
}
