import NNCore

/// A dataset as a script holds it: from `load` or `csv`, or built by a host with
/// `Value.dataset(features:featureNames:classes:)`. Its rows, split and preparation stay inside
/// the library; a host reads it through a script (`d.samples`, `describe(d)`).
@dynamicMemberLookup
public struct DataValue {
  var dataset: Dataset

  init(_ dataset: Dataset) { self.dataset = dataset }

  /// The library reads and changes the dataset's own members through it.
  subscript<T>(dynamicMember path: WritableKeyPath<Dataset, T>) -> T {
    get { dataset[keyPath: path] }
    set { dataset[keyPath: path] = newValue }
  }

  subscript<T>(dynamicMember path: KeyPath<Dataset, T>) -> T { dataset[keyPath: path] }

  /// The number of samples.
  public var samples: Int { dataset.count }
  /// The names of the features, in column order.
  public var featureNames: [String] { dataset.featureNames }
  /// The class names, in the order of their indices; nil for a value target.
  public var classNames: [String]? { dataset.targets.classNames }
}

extension Value {
  /// A dataset of the library's as a script value.
  static func dataset(_ dataset: Dataset) -> Value { .dataset(DataValue(dataset)) }
}
