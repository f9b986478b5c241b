@testable import Capture
import Testing

@Suite struct EndpointTests {
    @Test(arguments: ["127.0.0.1:65432", "[::1]:5555", "[fe80::1:2]:1", "[2001:db8::]:80", "[1:2:3:4:5:6:7:8]:9", "0.0.0.0:0"])
    func printsBackWhatItParsed(text: String) throws {
        let endpoint = try #require(Endpoint(text))
        #expect(endpoint.description == text)
    }

    @Test func ipv6IsCompressedAsRFC5952Says() throws {
        #expect(try #require(Endpoint("[0:0:0:0:0:0:0:1]:1")).description == "[::1]:1")
        #expect(try #require(Endpoint("[1:0:0:2:0:0:0:3]:1")).description == "[1:0:0:2::3]:1")
        #expect(try #require(Endpoint("[::ffff:127.0.0.1]:1")).address == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1])
    }

    @Test(arguments: ["?", "", "127.0.0.1", "127.0.0.1:70000", "256.0.0.1:1", "1.2.3:4", "[::1::2]:1", "[:::]:1", "[1:2:3:4:5:6:7:8:9]:1",
                      "[::1:1", "::1:80", "[12345::]:1", "01234.0.0.1:1"])
    func rejectsWhatIsNotAnAddress(text: String) {
        #expect(Endpoint(text) == nil)
    }
}
