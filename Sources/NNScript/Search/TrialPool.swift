import Foundation
import NNCore
import Synchronization

/// Runs trials on threads of this process, `capacity` at once, each with its own network,
/// trainer and cancellation flag (and one BLAS thread, so trials do not fight over cores).
final class TrialPool: TrialExecutor, Sendable {
  let capacity: Int
  let inbox = TrialInbox()
  let prunesFromMessages = false
  private let pruner: SuccessiveHalvingPruner?
  /// The flags of the trials still running, by number.
  private let running = Mutex<[Int: CancellationFlag]>([:])
  private let idle = NSCondition()

  init(capacity: Int, pruner: SuccessiveHalvingPruner?) {
    self.capacity = capacity
    self.pruner = pruner
  }

  func start(_ trial: PreparedTrial) {
    let flag = CancellationFlag()
    running.withLock { $0[trial.number] = flag }
    let local = trial.local
    let thread = Thread { [self] in
      let report = local.run(cancellation: flag, pruner: pruner, report: inbox.post)
      inbox.post(.ended(trial: local.number, report))
      idle.lock()
      running.withLock { $0[local.number] = nil }
      idle.broadcast()
      idle.unlock()
    }
    // Training keeps its buffers on the heap; the default stack is plenty, but be generous.
    thread.stackSize = 8 << 20
    thread.start()
  }

  func stop(_ number: Int) {
    running.withLock { $0[number] }?.cancel()
  }

  func close() {
    idle.lock()
    defer { idle.unlock() }
    while true {
      let flags = running.withLock { Array($0.values) }
      if flags.isEmpty { return }
      for flag in flags { flag.cancel() }
      idle.wait()
    }
  }
}
