import Foundation

/// Which BLAS library this process computes with, and why: chosen once, at the first product.
///
/// In order: the library `NNSCRIPT_BLAS` names (a path, or `system` for Debian's OpenBLAS);
/// else the current OpenBLAS that `make setup` fetches into the `.build/blas/` folder of the
/// build this program runs from; else Debian's OpenBLAS, which NNCore links. A loaded library is
/// used only when `BLASCheck` finds its products right on this CPU. The order is fixed rather than
/// timed at start, so that a run computes the same numbers every time; `make bench` measures it.
public struct BLASChoice: Sendable {
  /// The library products go through.
  public let library: BLASLibrary
  /// Why a library before it in the order is not used; nil when none was passed over.
  public let note: String?

  /// The file name of the current OpenBLAS that `make setup` fetches (scipy-openblas32's).
  public static let fetchedName = "libscipy_openblas.so"

  /// The process's choice. A library passed over is said once on standard error: the products
  /// are right either way, but slower than the user set up.
  public static let current: BLASChoice = {
    let choice = BLASChoice(
      environment: ProcessInfo.processInfo.environment["NNSCRIPT_BLAS"],
      fetched: fetchedLibraryPath(from: Bundle.main.executablePath ?? CommandLine.arguments[0]))
    if let note = choice.note {
      FileHandle.standardError.write(Data("nnscript: using \(choice.library.name): \(note)\n".utf8))
    }
    return choice
  }()

  /// Chooses between the library `environment` names, the fetched one at `fetched`, and Debian's.
  init(environment: String?, fetched: String?) {
    if environment == "system" {
      (library, note) = (.system, nil)
      return
    }
    guard let path = environment.flatMap({ $0.isEmpty ? nil : $0 }) ?? fetched else {
      (library, note) = (.system, nil)
      return
    }
    do {
      let loaded = try BLASLibrary.load(path: path)
      if let problem = BLASCheck.problem(with: loaded) {
        (library, note) = (.system, "\(loaded.name) (\(path)) computes wrong products here: \(problem)")
      } else {
        (library, note) = (loaded, nil)
      }
    } catch {
      (library, note) = (.system, "\(error)")
    }
  }

  /// The fetched OpenBLAS of the `.build` folder that holds `executable`, if there is one.
  public static func fetchedLibraryPath(from executable: String) -> String? {
    var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.path != "/" {
      if folder.lastPathComponent == ".build" {
        let library = folder.appendingPathComponent("blas").appendingPathComponent(fetchedName).path
        if FileManager.default.fileExists(atPath: library) { return library }
      }
      folder.deleteLastPathComponent()
    }
    return nil
  }
}

extension BLASLibrary {
  /// The library this process computes with (`BLASChoice.current`).
  public static var inUse: BLASLibrary { BLASChoice.current.library }
}
