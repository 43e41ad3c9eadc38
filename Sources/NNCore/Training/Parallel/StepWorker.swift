import CKernels
import Foundation
import Synchronization

/// A second thread for data-parallel steps: `run` hands it a job and does its own share on the
/// calling thread, and returns when both are done. A step takes tens of microseconds and waking
/// a parked thread costs about as much, so the worker spins between jobs; after `spinsBeforeParking`
/// turns with none (between epochs, while validating), it parks until the next.
final class StepWorker: @unchecked Sendable {
  private static let spinsBeforeParking = 1 << 16
  /// Jobs handed over so far, and jobs finished: equal when the worker is idle.
  private let posted = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  /// Set by the worker just before it parks; whoever posts next wakes it.
  private let parked = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let exited = DispatchSemaphore(value: 0)
  /// Written before `posted` is raised and read after the worker sees it raised.
  private var job: (() -> Void)?
  private var stopping = false

  /// Starts the thread, which keeps the worker until `stop`.
  init() {
    let thread = Thread { self.loop() }
    thread.name = "nnscript step worker"
    thread.start()
  }

  /// Runs `theirs` on the worker and `mine` here at the same time; returns once both are done.
  func run(_ theirs: @escaping () -> Void, beside mine: () -> Void) {
    post(theirs)
    mine()
    let target = posted.load(ordering: .relaxed)
    var spins = 0
    while finished.load(ordering: .acquiring) != target {
      spins += 1
      // A machine with more threads than cores may have the worker waiting for this core.
      if spins & 1023 == 0 { sched_yield() } else { nn_spin_pause() }
    }
  }

  /// Stops the thread and waits for it to end; the worker is not used after.
  func stop() {
    stopping = true
    post {}
    exited.wait()
  }

  private func post(_ work: @escaping () -> Void) {
    job = work
    posted.add(1, ordering: .sequentiallyConsistent)
    if parked.load(ordering: .sequentiallyConsistent) { wake.signal() }
  }

  private func loop() {
    var seen = 0
    while true {
      var spins = 0
      while posted.load(ordering: .acquiring) == seen {
        spins += 1
        if spins < Self.spinsBeforeParking {
          // On a machine with more threads than cores, the step's other half may need this core.
          if spins & 1023 == 0 { sched_yield() } else { nn_spin_pause() }
          continue
        }
        // Either the poster sees `parked` and signals, or this sees the new post: both are
        // sequentially consistent, so a wake-up is never lost (a spare signal only loops once).
        parked.store(true, ordering: .sequentiallyConsistent)
        if posted.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
        parked.store(false, ordering: .sequentiallyConsistent)
        spins = 0
      }
      seen += 1
      if stopping {
        exited.signal()
        return
      }
      job!()
      job = nil
      finished.store(seen, ordering: .releasing)
    }
  }
}
