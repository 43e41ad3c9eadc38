import Foundation

/// Where trials running on other threads (or machines, through the bridge's reader) leave
/// their messages for the script's thread, which alone touches the search's state.
final class TrialInbox: @unchecked Sendable {
  // The condition guards `messages`; `@unchecked` because it does so by hand.
  private let condition = NSCondition()
  private var messages: [TrialMessage] = []

  func post(_ message: TrialMessage) {
    condition.lock()
    messages.append(message)
    condition.signal()
    condition.unlock()
  }

  /// The messages so far, waiting up to `timeout` seconds for one when there are none.
  func take(waiting timeout: Double) -> [TrialMessage] {
    condition.lock()
    defer { condition.unlock() }
    if messages.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: timeout)) }
    defer { messages = [] }
    return messages
  }
}
