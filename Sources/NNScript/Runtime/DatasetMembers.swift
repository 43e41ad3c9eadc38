import NNCore

extension Dataset {
  /// What `data.NAME` gives in a script.
  static let memberNames = [
    "name", "samples", "features", "feature_names", "target", "targets", "task", "classes", "counts", "shape",
    "train", "val", "test", "warnings", "ids",
  ]

  func member(_ name: String) -> Value? {
    switch name {
    case "name": return .string(self.name)
    case "samples": return .number(Double(count))
    case "features": return .number(Double(features.columns))
    case "feature_names": return .list(featureNames.map { .string($0) })
    case "target": return .string(targetName)
    case "task": return .string(isClassification ? "classification" : "regression")
    case "classes": return targets.classNames.map { .list($0.map { .string($0) }) } ?? Value.none
    case "counts":
      guard let names = targets.classNames else { return Value.none }
      return .record(Record(Array(zip(names, classCounts().map { Value.number(Double($0)) }))))
    case "shape": return .list((sampleShape ?? [features.columns]).map { .number(Double($0)) })
    // As read: a target scaled for training is given in its own units.
    case "targets":
      switch sourceTargets {
      case .classes(let labels, let names): return .list(labels.map { .string(names[Int($0)]) })
      case .values(let values): return .list(values.map { .number(Double($0)) })
      }
    // The parts are datasets: `data.test.samples` counts one; an unsplit dataset trains on
    // all of itself, and a part the split does not have is none.
    case "train": return .dataset(split.map { part($0.train, named: "train") } ?? self)
    case "val": return heldOut(split?.validation, named: "val")
    case "test": return heldOut(split?.test, named: "test")
    case "warnings":
      return .list(
        DatasetDescription(self).warnings.map {
          .record(Record([("code", .string($0.code)), ("message", .string($0.message))]))
        })
    case "ids": return .record(Record(ids.map { ($0.name, .list($0.values.map { .string($0) })) }))
    default: return nil
    }
  }

  private func heldOut(_ rows: [Int]?, named name: String) -> Value {
    guard let rows, !rows.isEmpty else { return Value.none }
    return .dataset(part(rows, named: name))
  }
}
