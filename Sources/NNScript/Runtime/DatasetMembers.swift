import NNCore

extension Dataset {
  /// What `data.NAME` gives in a script.
  static let memberNames = [
    "name", "samples", "features", "feature_names", "target", "task", "classes", "counts", "shape", "train", "val",
    "test", "warnings",
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
    case "train": return .number(Double(split?.train.count ?? count))
    case "val": return .number(Double(split?.validation.count ?? 0))
    case "test": return .number(Double(split?.test.count ?? 0))
    case "warnings":
      return .list(
        DatasetDescription(self).warnings.map {
          .record(Record([("code", .string($0.code)), ("message", .string($0.message))]))
        })
    default: return nil
    }
  }
}
