import Foundation

/// Set from any thread to stop a run: training checks it after each batch and then stops,
/// keeping the weights and history so far.
public final class CancellationFlag: @unchecked Sendable {
  // The lock makes the flag safe to share; it is taken once per batch, which costs nothing
  // next to a batch.
  private let lock = NSLock()
  private var cancelled = false

  /// A flag that is not set.
  public init() {}

  /// Asks the run to stop after its current batch.
  public func cancel() { lock.withLock { cancelled = true } }

  /// Clears the flag, for the next run.
  public func reset() { lock.withLock { cancelled = false } }

  /// Whether `cancel()` was called.
  public var isCancelled: Bool { lock.withLock { cancelled } }
}
