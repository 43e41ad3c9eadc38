import Foundation
import NNCore

/// What `summary` prints: a row per layer with its output shape (8×8×16, or a width) and its
/// parameters, then the totals. The columns widen for long layers and shapes.
struct SummaryTable {
  let layers: [LayerSummary]
  let footer: String

  var rendered: String {
    let rows = layers.map { ($0.layer, $0.outputShape.description, $0.parameterCount) }
    let longest = rows.map(\.0.count).max() ?? 0
    let (nameWidth, shapeWidth) = (longest > 24 ? longest + 2 : 24, max(8, (rows.map(\.1.count).max() ?? 0) + 2))
    var out = "layer".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "output".leftPadded(shapeWidth)
    out += "parameters".leftPadded(14) + "\n"
    for (name, shape, parameters) in rows {
      out += name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      out += shape.leftPadded(shapeWidth) + " " + Network.shown(parameters).leftPadded(13) + "\n"
    }
    return out + footer + "\n"
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
