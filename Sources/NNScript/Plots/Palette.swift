/// The colours of a chart's lines: Okabe and Ito's palette, told apart by readers with any
/// common colour-vision deficiency, without its yellow, which is unreadable on white.
enum Palette {
  static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"]

  /// The `index`th colour, starting over after the last.
  static func color(_ index: Int) -> String { colors[index % colors.count] }

  /// The `index`th dash pattern, starting over after the last.
  static func dash(_ index: Int) -> Series.Dash { Series.Dash.allCases[index % Series.Dash.allCases.count] }
}
