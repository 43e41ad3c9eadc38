import Foundation
import NNScript
import Synchronization

/// The process's one Ctrl-C handler. A signal handler can safely do almost nothing, so it
/// only counts the press and writes to a pipe the phase it came in; a thread reading the
/// pipe runs the response set for that phase: clear the prompt's line, or stop a training
/// and exit on the next press. A press whose phase has ended (the statement it came during
/// finished before the thread read it) is dropped, never answered by the next phase.
final class Interrupts: Sendable {
  static let shared = Interrupts()

  private enum Response {
    /// Each press runs the action.
    case each(@Sendable () -> Void)
    /// The first press runs the action; the next one exits.
    case once(@Sendable () -> Void, pressed: Bool)
  }

  /// What answers presses now, and the phase it answers for.
  private struct Current {
    var response: Response?
    var phase: Int
  }

  private let current = Mutex(Current(response: nil, phase: 0))

  /// How many times Ctrl-C was pressed so far.
  var presses: Int { pressCount.load(ordering: .relaxed) }

  private init() {
    var ends: [Int32] = [-1, -1]
    // Without a pipe Ctrl-C keeps its default: it ends the process.
    guard pipe(&ends) == 0 else { return }
    // A full pipe drops the press rather than block the handler: presses are many, one will do.
    _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
    // The handler reads these: they are set up before it can run.
    pipeInput.store(ends[1], ordering: .relaxed)
    pressCount.store(0, ordering: .relaxed)
    currentPhase.store(0, ordering: .relaxed)
    let output = ends[0]
    Thread { [self] in
      while let phase = Self.readPhase(from: output) { respond(inPhase: phase) }
    }.start()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      let saved = errno
      pressCount.add(1, ordering: .relaxed)
      var phase = currentPhase.load(ordering: .acquiring)
      // A write of a few bytes to a pipe is atomic: the reader gets the phase whole.
      _ = write(pipeInput.load(ordering: .relaxed), &phase, MemoryLayout<Int>.size)
      errno = saved
    }
    sigemptyset(&action.sa_mask)
    // Restarting keeps every other read and write unaware of Ctrl-C.
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
  }

  /// Runs `body` with `action` answering every Ctrl-C.
  func answering<T>(with action: @escaping @Sendable () -> Void, during body: () -> T) -> T {
    replacing(with: .each(action), during: body)
  }

  /// Runs `body`; each Ctrl-C asks `engine` to stop its training after the current batch.
  func interrupting<T>(_ engine: Engine, during body: () -> T) -> T {
    let interrupter = engine.interrupter
    return replacing(with: .each { interrupter.interrupt() }, during: body)
  }

  /// Runs `body`; the first Ctrl-C asks `engine` to stop its training after the current batch,
  /// and a second one exits with status 130, for whatever `interrupt()` cannot stop.
  func stopping<T>(_ engine: Engine, during body: () -> T) -> T {
    let interrupter = engine.interrupter
    return replacing(with: .once({ interrupter.interrupt() }, pressed: false), during: body)
  }

  /// Each response begins a phase of its own, and so does the one it hands back to.
  private func replacing<T>(with new: Response, during body: () -> T) -> T {
    let previous = current.withLock { current in
      defer { current = Current(response: new, phase: Self.nextPhase()) }
      return current.response
    }
    defer { current.withLock { $0 = Current(response: previous, phase: Self.nextPhase()) } }
    return body()
  }

  private static func nextPhase() -> Int { currentPhase.add(1, ordering: .releasing).newValue }

  /// Answers a press of `phase` if that phase is still on. The action runs under the lock,
  /// so the phase cannot end between the check and the action.
  private func respond(inPhase phase: Int) {
    let exits = current.withLock { current -> Bool in
      guard current.phase == phase else { return false }
      switch current.response {
      case .each(let action): action()
      case .once(let action, pressed: false):
        current.response = .once(action, pressed: true)
        action()
      case .once(_, pressed: true), nil: return true
      }
      return false
    }
    if exits { exit(130) }
  }

  /// The next phase the handler wrote; nil when the pipe is gone.
  private static func readPhase(from pipe: Int32) -> Int? {
    var phase = 0
    var filled = 0
    while filled < MemoryLayout<Int>.size {
      let count = withUnsafeMutableBytes(of: &phase) { read(pipe, $0.baseAddress! + filled, $0.count - filled) }
      if count > 0 {
        filled += count
      } else if count == 0 || errno != EINTR {
        return nil
      }
    }
    return phase
  }
}

/// What the signal handler reads and writes: globals, because a C function pointer captures
/// nothing, and atomics, which a handler may use.
private let pipeInput = Atomic<Int32>(-1)
private let pressCount = Atomic<Int>(0)
/// The phase presses belong to now: a new one for each response set, and for each handed back.
private let currentPhase = Atomic<Int>(0)
