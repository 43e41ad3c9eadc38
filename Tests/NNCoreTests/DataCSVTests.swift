import Foundation
import Testing

@testable import NNCore

/// The CSV reader: what it accepts, and a clear error with its line for each bad input.
struct DataCSVTests {
  private func file(_ text: String, name: String = "data.csv") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nncore-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  private func read(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> Dataset {
    try CSVReader.read(path: try file(text), name: "data.csv", options: options)
  }

  private func error(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> DataError {
    do {
      _ = try read(text, options)
    } catch let error as DataError {
      return error
    }
    Issue.record("no error for \(text)")
    return DataError("none")
  }

  @Test func numericFeaturesAndTextTarget() throws {
    let d = try read("a,b,label\n1,2.5,cat\n3,-4e1,dog\n5, 6 ,cat\n")
    #expect(d.features == Matrix(rows: 3, columns: 2, values: [1, 2.5, 3, -40, 5, 6]))
    #expect(d.featureNames == ["a", "b"])
    #expect(d.targets == .classes([0, 1, 0], names: ["cat", "dog"]))
  }

  @Test func quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws {
    let d = try read("name,x,y\n\"a, b\",1,0\n\"say \"\"hi\"\"\",2,1\n\"two\nlines\",3,0\r\n")
    #expect(d.featureNames == ["name=a, b", "name=say \"hi\"", "name=two\nlines", "x"])
    #expect(d.features.values == [1, 0, 0, 1, 0, 1, 0, 2, 0, 0, 1, 3])
    #expect(d.notes.contains("column 'name' holds text: one-hot encoded as 3 features"))
  }

  @Test func recordsSurviveAnyChunkBoundary() throws {
    let text = "a,\"b\"\"c\",t\n1,\"x,\ny\",0\n\n2,\"z\",1\n"
    var whole: [[String]] = []
    var parser = CSVParser(separator: UInt8(ascii: ","))
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBytes { try parser.feed($0) { whole.append(fields($0)) } }
    try parser.finish { whole.append(fields($0)) }
    #expect(whole == [["a", "b\"c", "t"], ["1", "x,\ny", "0"], ["2", "z", "1"]])
    for size in 1...5 {
      var pieces: [[String]] = []
      var chunked = CSVParser(separator: UInt8(ascii: ","))
      for start in stride(from: 0, to: bytes.count, by: size) {
        let chunk = Array(bytes[start..<min(bytes.count, start + size)])
        try chunk.withUnsafeBytes { try chunked.feed($0) { pieces.append(fields($0)) } }
      }
      try chunked.finish { pieces.append(fields($0)) }
      #expect(pieces == whole, "chunks of \(size) bytes")
    }
  }

  private func fields(_ record: CSVParser.Record) -> [String] {
    (0..<record.fieldCount).map { i in record.withField(i) { String(decoding: $0, as: UTF8.self) } }
  }

  @Test func otherSeparator() throws {
    let d = try read("a;b;y\n1;2;0\n3;4;1\n", CSVOptions(separator: UInt8(ascii: ";")))
    #expect(d.features.values == [1, 2, 3, 4])
  }

  @Test func byteOrderMarkIsNoPartOfTheFirstName() throws {
    let d = try read("\u{FEFF}x,a\n1,0.5\n0,0.25\n", CSVOptions(target: "x"))
    #expect(d.targetName == "x")
    #expect(d.featureNames == ["a"])
  }

  @Test func separatorFoundFromTheFirstLines() throws {
    func found(_ text: String) -> String? {
      Array(text.utf8).withUnsafeBytes { CSVSniffer.separator(in: $0) }.map { String(UnicodeScalar($0)) }
    }
    #expect(found("a,b,y\n1,2,0\n") == ",")
    #expect(found("a;b;y\n1,5;2;0\n3;4,25;1\n") == ";")
    #expect(found("a\tb\ty\r\n1\t2\t0\r\n") == "\t")
    #expect(found("a|b|y\n1|2|0\n") == "|")
    #expect(found("a,b\n\"x;y;z\",1\n") == ",")
    #expect(found("a,b;y\n1;2,0\n1,2;0\n") == ",")
    #expect(found("only\n1\n") == nil)
    #expect(found("a,b,y\n1,2,0\n3,4,5;6;7,") == ",")
    let d = try read("x;y;label\n1;2;a\n3;4;b\n")
    #expect(d.featureNames == ["x", "y"])
    #expect(d.notes.first == "the separator is ';', as the first lines show (sep: sets another)")
    #expect(try read("a,b,y\n1,2,0\n3,4,1\n").notes.allSatisfy { !$0.contains("separator") })
  }

  @Test func aGivenSeparatorIsKept() throws {
    let d = try read("a;b,c;y\n1;2;0\n3;4;1\n", CSVOptions(separator: UInt8(ascii: ";")))
    #expect(d.featureNames == ["a", "b,c"])
    #expect(d.notes.allSatisfy { !$0.contains("separator") })
  }

  private func readBytes(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions()) throws -> Dataset {
    let path = try file("")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return try CSVReader.read(path: path, name: "data.csv", options: options)
  }

  @Test func aByteThatIsNotUTF8IsAnErrorAtItsLineAndOffset() throws {
    let latin1: [UInt8] = Array("x,city,y\n1,Paris,0\n2,Montr".utf8) + [0xE9] + Array("al,1\n".utf8)
    do {
      _ = try readBytes(latin1)
      Issue.record("no error")
    } catch let error as DataError {
      #expect(error.problem == .invalidText(encoding: "UTF-8", offset: 26))
      #expect(error.message == "the file is not valid UTF-8 at byte offset 26")
      #expect(error.line == 3)
      #expect(error.hint == "read with CSVOptions.encoding .latin1 if it is Latin-1")
    }
    let d = try readBytes(latin1, CSVOptions(encoding: .latin1))
    #expect(d.featureNames == ["x", "city=Montréal", "city=Paris"])
    // A character cut short by the end of the file, an overlong form, a surrogate.
    for bad: [UInt8] in [[0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0xC3], [0xC0, 0xAF, 0x2C, 0x61], [0xED, 0xA0, 0x80]] {
      #expect(throws: DataError.self) { try readBytes(bad) }
    }
  }

  @Test func utf16IsReadByItsByteOrderMark() throws {
    let text = "x,ville,y\n1,Zürich,0\n2,Genève,1\n3,𝔸,1\n"
    let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    for bytes in [little, big] {
      #expect(try readBytes(bytes).featureNames == ["x", "ville=Genève", "ville=Zürich", "ville=𝔸"])
    }
    #expect(throws: DataError.self) { try readBytes([0xFF, 0xFE, 0x00, 0xDC, 0x61, 0x00]) }
  }

  @Test func decodingSurvivesAnyChunkBoundary() throws {
    let text = "\u{FEFF}é,ü\n𝔸,ß\n"
    let inputs: [(CSVOptions.Encoding, [UInt8])] = [
      (.utf8, Array(text.utf8)),
      (.utf8, [UInt8]([0xFF, 0xFE]) + text.utf16.dropFirst().flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
    ]
    for (encoding, bytes) in inputs {
      for size in 1...5 {
        var decoder = CSVDecoder(encoding: encoding)
        var out: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
          out += try Array(bytes[start..<min(bytes.count, start + size)]).withUnsafeBytes { try decoder.decode($0) }
        }
        out += try decoder.finish()
        #expect(String(decoding: out, as: UTF8.self) == "é,ü\n𝔸,ß\n", "chunks of \(size) bytes")
      }
    }
  }

  @Test func aFirstRowOfNumbersIsDataNotAHeader() throws {
    let d = try read("5.1,3.5,0\n4.9,3.0,1\n6.3,3.3,1\n")
    #expect(d.featureNames == ["c1", "c2"])
    #expect(d.targetName == "c3")
    #expect(d.features.values == [5.1, 3.5, 4.9, 3.0, 6.3, 3.3])
    #expect(
      d.notes.first == "the first row holds only numbers, so the file has no header: its columns are named c1 to c3")
    let error = try error("1,2,3\n4,5,6\n", CSVOptions(target: "label"))
    #expect(error.hint == "the file has no header row: its columns are c1 to c3")
    // A header of names, one of them a number, is still a header.
    #expect(try read("2024,b,y\n1,2,0\n3,4,1\n").featureNames == ["2024", "b"])
  }

  @Test func aColumnWithNoValueIsLeftOutNotFilledWithNaN() throws {
    for missing in CSVOptions.Missing.allCases {
      let d = try read("a,b,c,y\n1,,2,0\n3,NA,,1\n5,,6,1\n", CSVOptions(missing: missing == .error ? .mean : missing))
      #expect(d.featureNames == ["a", "c"])
      #expect(d.features.values.allSatisfy { !$0.isNaN })
      #expect(d.notes.first == "column 'b' has no value in any row: left out")
    }
    #expect(try read("a,b,y\n1,,0\n3,,1\n").featureNames == ["a"])
    #expect(try error("a,b,y\n1,,\n2,,\n").message == "the target column 'y' has no value in any row")
    #expect(
      try error("a,b,y\n,,0\n,,1\n").message
        == "every feature column of 'data.csv' has no value in any row or is an id: there is nothing to learn from")
  }

  /// Ids: named ones are kept as written, out of the features; a text in every row its own is
  /// read as one with a warning, and a column that numbers the rows is warned of.
  @Test func idColumnsAreKeptOutOfTheFeatures() throws {
    var options = CSVOptions()
    options.ids = ["id"]
    let named = try read("id,a,y\n0012345678901,1,0\n0012345678902,2,1\n", options)
    #expect(named.featureNames == ["a"])
    #expect(named.ids == [IdColumn(name: "id", values: ["0012345678901", "0012345678902"])])
    let rows = (0..<30).map { "h\($0),\($0 + 1),\($0 % 3),\($0 % 2)" }.joined(separator: "\n")
    let found = try read("name,n,a,y\n" + rows + "\n")
    #expect(found.featureNames == ["n", "a"])
    #expect(found.ids.map(\.name) == ["name"])
    #expect(found.warnings.count == 2)
    #expect(found.warnings[0].hasPrefix("column 'name' has a different text in each of its 30 rows"))
    #expect(found.warnings[1].hasPrefix("column 'n' numbers the rows (1 to 30)"))
    // Ids named, even none, are all there are: the unique text is encoded when asked.
    var none = CSVOptions()
    none.ids = []
    #expect(try read("name,n,a,y\n" + rows + "\n", none).featureNames.filter { $0.hasPrefix("name=") }.count == 30)
    // Few rows may differ by chance: no warning.
    #expect(try read("name,a,y\nx,1,0\nz,2,1\n").warnings.isEmpty)
  }

  @Test func namedTargetAndNumericClasses() throws {
    let d = try read("y,a\n1,0.5\n0,0.25\n1,0.75\n", CSVOptions(target: "y"))
    #expect(d.featureNames == ["a"])
    #expect(d.targets == .classes([1, 0, 1], names: ["0", "1"]))
    let values = try read("y,a\n1,0.5\n0,0.25\n1,0.75\n", CSVOptions(target: "y", classify: false))
    #expect(values.targets == .values([1, 0, 1]))
    let regression = try read("a,y\n1,10.5\n2,20.25\n")
    #expect(regression.targets == .values([10.5, 20.25]))
  }

  @Test func missingValuesFilledOrDropped() throws {
    let text = "a,b,y\n1,NA,0\n2,4,1\n?,6,0\n4,NaN,1\n"
    let mean = try read(text, CSVOptions(missing: .mean))
    #expect(mean.features.values == [1, 5, 2, 4, 7.0 / 3, 6, 4, 5])
    let median = try read(text, CSVOptions(missing: .median))
    #expect(median.features.values == [1, 5, 2, 4, 2, 6, 4, 5])
    let dropped = try read(text, CSVOptions(missing: .drop))
    #expect(dropped.features.values == [2, 4])
    #expect(dropped.notes == ["dropped 3 rows with missing values"])
  }

  // One test per bad input, each with its own message and line.

  @Test func raggedRow() throws {
    let e = try error("a,b,y\n1,2,0\n1,2,3,0\n")
    #expect(e == DataError("this row has 4 fields, the header has 3", line: 3))
  }

  @Test func missingValueNamesRowAndColumn() throws {
    let e = try error("a,b,y\n1,2,0\n1,,0\n")
    #expect(e.message == "missing value in column 'b'" && e.line == 3)
    #expect(e.problem == .missingValue(column: "b", inTarget: false, remedies: [.mean, .median, .drop]))
    #expect(e.hint == "read with CSVOptions.missing .mean, .median, .drop")
  }

  @Test func missingTarget() throws {
    let e = try error("a,y\n1,0\n2,\n", CSVOptions(missing: .mean))
    #expect(e.message == "missing target value in column 'y'" && e.line == 3)
  }

  @Test func absentTargetColumnListsTheColumns() throws {
    let e = try error("a,label\n1,0\n", CSVOptions(target: "lable"))
    #expect(e.message == "no column 'lable' in 'data.csv'" && e.names == ["a", "label"])
  }

  @Test func emptyFile() throws {
    #expect(try error("").message == "'data.csv' is empty: expected a header row")
    #expect(try error("\n\n").message == "'data.csv' is empty: expected a header row")
  }

  @Test func headerOnly() throws {
    #expect(try error("a,b,y\n") == DataError("the file has a header but no rows", line: 1))
  }

  @Test func folderAndMissingFile() throws {
    let folder = FileManager.default.temporaryDirectory.path
    #expect(throws: DataError("'tmp' is a folder, not a CSV file")) { try CSVReader.read(path: folder, name: "tmp") }
    #expect(throws: DataError("cannot find 'nope.csv'")) {
      try CSVReader.read(path: "/nonexistent/nope.csv", name: "nope.csv")
    }
  }

  @Test func unclosedQuote() throws {
    let e = try error("a,y\n1,0\n\"open,1\n2,0\n")
    #expect(e.message == "a quoted field is never closed" && e.line == 3)
  }

  @Test func duplicateAndEmptyHeaderNames() throws {
    #expect(try error("a,a,y\n1,2,0\n") == DataError("the header names column 'a' twice (columns 1 and 2)", line: 1))
    #expect(try error("a,,y\n1,2,0\n") == DataError("column 2 of the header has no name", line: 1))
  }

  @Test func infiniteAndHugeValues() throws {
    #expect(try error("a,y\n1,0\ninf,1\n") == DataError("infinite value in column 'a'", line: 3))
    #expect(try error("a,y\n1e39,0\n") == DataError("the value in column 'a' does not fit a 32-bit float", line: 2))
  }

  @Test func onlyATargetColumn() throws {
    #expect(try error("y\n1\n").message == "'data.csv' has only the column 'y': there is nothing to learn from")
  }

  @Test func textTargetCannotBeValues() throws {
    #expect(try error("a,y\n1,cat\n", CSVOptions(classify: false)).message.contains("holds text"))
  }

  @Test func numbersParseLikeTheStandardLibrary() {
    for text in [
      "0", "-0.5", "3.14159", "1e-2", "+2.5E3", "123456789012345678901234", "0.000001", "1.7976931348623157e308", ".5",
      "5.",
    ] {
      let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.classify($0) }
      #expect(parsed == .number(Double(text)!), "\(text)")
    }
    for text in ["", " ", "NA", "nan", "N/A", "?"] {
      #expect(Array(text.utf8).withUnsafeBufferPointer { NumberParser.classify($0) } == .missing, "\(text)")
    }
    for text in ["abc", "1.2.3", "e5", "-", "1e", "0x10"] {
      #expect(Array(text.utf8).withUnsafeBufferPointer { NumberParser.classify($0) } == .text, "\(text)")
    }
  }
}
