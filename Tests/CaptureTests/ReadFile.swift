import Glibc

/// Reads a whole file for the tests (the Capture target itself does no I/O).
func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw ReadFileError(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes
}

struct ReadFileError: Error {
    var path: String
}
