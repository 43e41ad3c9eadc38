import Testing

@testable import NNCore

struct MatrixTests {
  @Test func rowsAndSubscripts() {
    var m = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    #expect(m[1, 2] == 6)
    m[0, 1] = 9
    #expect(Array(m.row(0)) == [1, 9, 3])
    #expect(m.rows([1, 0]).values == [4, 5, 6, 1, 9, 3])
    m.appendRow([7, 8, 9])
    #expect(m.rows == 3 && m.values.count == 9)
  }
}
