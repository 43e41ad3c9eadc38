import Foundation
import NNScript
import Synchronization

/// The process's one Ctrl-C handler. A signal handler can safely do almost nothing, so it
/// only writes a byte to a pipe; a thread reading the pipe runs the response set for the
/// moment: clear the prompt's line, or stop a training and exit on the next press.
final class Interrupts: Sendable {
  static let shared = Interrupts()

  private enum Response {
    /// Each press runs the action.
    case each(@Sendable () -> Void)
    /// The first press runs the action; the next one exits.
    case once(@Sendable () -> Void, pressed: Bool)
  }

  private let response = Mutex<Response?>(nil)
  private let pressCount = Atomic<Int>(0)

  /// How many times Ctrl-C was pressed so far.
  var presses: Int { pressCount.load(ordering: .relaxed) }

  private init() {
    var ends: [Int32] = [-1, -1]
    // Without a pipe Ctrl-C keeps its default: it ends the process.
    guard pipe(&ends) == 0 else { return }
    pipeInput.store(ends[1], ordering: .relaxed)
    let output = ends[0]
    Thread { [self] in
      var byte: UInt8 = 0
      while true {
        let count = read(output, &byte, 1)
        if count == 1 {
          respond()
        } else if count == 0 || errno != EINTR {
          return
        }
      }
    }.start()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      let saved = errno
      var byte: UInt8 = 0
      _ = write(pipeInput.load(ordering: .relaxed), &byte, 1)
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

  private func replacing<T>(with new: Response, during body: () -> T) -> T {
    let previous = response.withLock { current in
      defer { current = new }
      return current
    }
    defer { response.withLock { $0 = previous } }
    return body()
  }

  private func respond() {
    pressCount.add(1, ordering: .relaxed)
    let action: (@Sendable () -> Void)? = response.withLock { current in
      switch current {
      case .each(let action): return action
      case .once(let action, pressed: false):
        current = .once(action, pressed: true)
        return action
      case .once(_, pressed: true), nil: return nil
      }
    }
    guard let action else { exit(130) }
    action()
  }
}

/// Where the signal handler writes: a global, because a C function pointer captures nothing.
private let pipeInput = Atomic<Int32>(-1)
