import Testing
@testable import Reactor

@Suite struct SocketAddressTests {
    @Test func resolvesNumericIPv4() throws {
        let addresses = try SocketAddress.resolve(host: "127.0.0.1", port: 65432)
        #expect(addresses == [SocketAddress(family: .ipv4, host: "127.0.0.1", port: 65432)])
        #expect(addresses[0].description == "127.0.0.1:65432")
        #expect(addresses[0].pythonDescription == "('127.0.0.1', 65432)")
    }

    @Test func resolvesNumericIPv6() throws {
        let addresses = try SocketAddress.resolve(host: "::1", port: 65432)
        #expect(addresses == [SocketAddress(family: .ipv6, host: "::1", port: 65432)])
        #expect(addresses[0].description == "[::1]:65432")
        #expect(addresses[0].pythonDescription == "('::1', 65432, 0, 0)")
    }

    @Test func resolvesLocalhostToLoopback() throws {
        let addresses = try SocketAddress.resolve(host: "localhost", port: 80)
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0.host == "127.0.0.1" || $0.host == "::1" })
        #expect(Set(addresses).count == addresses.count, "no duplicates")
    }

    @Test func emptyPassiveHostMeansAllIPv4Interfaces() throws {
        #expect(try SocketAddress.resolve(host: "", port: 1234, passive: true) == [SocketAddress(family: .ipv4, host: "0.0.0.0", port: 1234)])
    }

    @Test func unknownHostFailsWithASentence() {
        do {
            _ = try SocketAddress.resolve(host: "no-such-host.invalid", port: 1)
            Issue.record("resolution should fail")
        } catch {
            guard case .resolutionFailed(let host, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(host == "no-such-host.invalid")
            #expect(!reason.isEmpty)
            #expect(error.description.hasPrefix("could not resolve host 'no-such-host.invalid': "))
        }
    }
}
