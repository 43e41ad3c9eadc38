/// A scope: the top level of a session, or one call of a function. Blocks (`if`, `for`,
/// `while`) do not open scopes.
final class Environment {
  var values: [String: Value]
  let parent: Environment?

  init(parent: Environment?, values: [String: Value] = [:]) {
    self.parent = parent
    self.values = values
  }

  func lookup(_ name: String) -> Value? {
    var scope: Environment? = self
    while let current = scope {
      if let value = current.values[name] { return value }
      scope = current.parent
    }
    return nil
  }

  /// Assignment rebinds the nearest scope that already has the name, else defines it here.
  func assign(_ name: String, _ value: Value) {
    var scope: Environment? = self
    while let current = scope {
      if current.values[name] != nil {
        current.values[name] = value
        return
      }
      scope = current.parent
    }
    values[name] = value
  }

  func define(_ name: String, _ value: Value) { values[name] = value }
}
