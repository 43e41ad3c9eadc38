import Foundation

/// The metadata of the file each network `load_net` made came from, for `save`: `Model` keeps
/// what prediction needs, not the feature and target names. Entries are weak, so a model the
/// session drops takes its entry with it.
final class LoadedModels: @unchecked Sendable {
  static let shared = LoadedModels()

  private struct Entry {
    weak var model: Model?
    let metadata: ModelMetadata
  }

  private let lock = NSLock()
  private var entries: [ObjectIdentifier: Entry] = [:]

  func remember(_ model: Model, _ metadata: ModelMetadata) {
    lock.withLock {
      entries = entries.filter { $0.value.model != nil }
      entries[ObjectIdentifier(model)] = Entry(model: model, metadata: metadata)
    }
  }

  /// The metadata `model` was loaded with; nil for a model that was not loaded.
  func metadata(of model: Model) -> ModelMetadata? {
    lock.withLock { entries[ObjectIdentifier(model)].flatMap { $0.model === model ? $0.metadata : nil } }
  }
}
