/// Building JSON to write, with the same ordered writer (`jsonText`) the protocol uses: reports
/// (`socketlab bench --json`) and recordings print through it instead of gluing strings.
extension JSONValue {
    /// An object with these members in this order (nothing was parsed, so their spans are empty).
    public static func object(pairs members: [(key: String, value: JSONValue)]) -> JSONValue {
        .object(members.map { JSONMember(key: $0.key, value: $0.value, keyRange: 0..<0, valueRange: 0..<0) })
    }

    /// An integer.
    public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        .number(String(value))
    }

    /// A number in Swift's shortest exact text (`0.25`, `1.25e-05`); JSON has no NaN or
    /// infinity, so those are `null`.
    public static func decimal(_ value: Double) -> JSONValue {
        value.isFinite ? .number(String(value)) : .null
    }
}
