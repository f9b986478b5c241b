/// One `"key": value` pair of a JSON object, with where it stands in the parsed bytes.
///
/// The spans let the TUI highlight a header field's bytes in the dump when the field is selected.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue
    /// Byte range of the key, quotes included, within the parsed text.
    public var keyRange: Range<Int>
    /// Byte range of the value within the parsed text.
    public var valueRange: Range<Int>

    public init(key: String, value: JSONValue, keyRange: Range<Int>, valueRange: Range<Int>) {
        self.key = key
        self.value = value
        self.keyRange = keyRange
        self.valueRange = valueRange
    }
}
