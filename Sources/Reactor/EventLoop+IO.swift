/// The I/O side of the loop: listening, accepting, connecting, reading, flushing send queues and
/// keeping each registration's selector interest in line with what its connection needs.
extension EventLoop {
    // MARK: Listening and accepting

    /// Listens on `address` (port 0: the kernel picks one, see `Listener.address`). Each accepted
    /// connection gets the handler `accept` returns, `options.idleTimeout`, and TCP_NODELAY.
    public func listen(
        on address: SocketAddress,
        options: ListenerOptions = .init(),
        accept: @escaping (Connection) -> any ConnectionHandler
    ) throws(SocketError) -> Listener {
        let socket = try Socket.listen(on: address, backlog: options.backlog, reusePort: options.reusePort)
        let listener = Listener(socket: socket, address: socket.localAddress ?? address, options: options, loop: self, makeHandler: accept)
        listener.token = claimSlot(fd: socket.fd, owner: .listener(listener))
        do {
            try selector.register(fd: socket.fd, interest: .read, token: listener.token)
        } catch {
            releaseSlot(fd: socket.fd, token: listener.token)
            throw error
        }
        emit(listener.id, .listening(listener.address))
        reportSelector(.register(handle: "lsn \(listener.address)", interest: .read), connection: listener.id)
        return listener
    }

    /// Accepts until the backlog is empty (at most `maxAcceptsPerEvent`). Over `maxConnections`
    /// a connection is accepted and closed at once; out of descriptors, accepting pauses briefly.
    /// Each accepted connection is opened, read once and flushed before the next accept.
    func acceptConnections(_ listener: Listener) {
        for _ in 0..<Self.maxAcceptsPerEvent {
            guard !listener.isClosed, listener.resumeTimer == nil else { return }
            let accepted: (Socket, SocketAddress)?
            do {
                accepted = try listener.socket.accept()
            } catch {
                pauseAccepting(listener, error)
                return
            }
            guard let (socket, peer) = accepted else { return }
            if listener.openCount >= listener.options.maxConnections {
                socket.close()
                listener.refusedCount += 1
                listener.onAcceptNotice?(.refused(peer: peer, total: listener.refusedCount))
                emit(nil, .refused(peer: peer, total: listener.refusedCount))
                continue
            }
            if listener.options.noDelay { try? socket.setNoDelay() }
            let connection = Connection(socket: socket, role: .accepted, peer: peer, state: .open, loop: self, since: iterationTime)
            connection.token = claimSlot(fd: socket.fd, owner: .connection(connection))
            connection.listener = listener
            listener.openCount += 1
            emit(connection.id, .accepted(peer: peer, local: connection.local))
            // The interest it starts with, as the tutorial's server registers it at accept.
            emit(connection.id, .interest(connection.interest))
            connection.handler = listener.makeHandler(connection)
            connection.setIdleTimeout(listener.options.idleTimeout, nanoseconds: listener.idleTimeoutNanoseconds)
            connection.schedule()
            connection.handler?.connectionDidOpen(connection)
            // Clients usually send first: read at once, so a short exchange (request in, response
            // out, close) can finish before the socket is ever registered with the selector.
            readAvailable(connection)
            processPending()
        }
    }

    /// Stops watching the listener for `acceptBackoff`, so a full descriptor table does not turn
    /// into a busy loop of failing accepts.
    private func pauseAccepting(_ listener: Listener, _ error: SocketError) {
        listener.onAcceptNotice?(.paused(error))
        emit(nil, .acceptPaused(error))
        do {
            try selector.modify(fd: listener.socket.fd, interest: [], token: listener.token)
            reportSelector(.modify(handle: "lsn \(listener.address)", interest: []), connection: listener.id)
        } catch {
            listener.close()
            return
        }
        listener.resumeTimer = timers.schedule(at: .now() + Self.acceptBackoff, .resumeAccepting(listener))
    }

    func resumeAccepting(_ listener: Listener) {
        listener.resumeTimer = nil
        guard !listener.isClosed else { return }
        do {
            try selector.modify(fd: listener.socket.fd, interest: .read, token: listener.token)
            reportSelector(.modify(handle: "lsn \(listener.address)", interest: .read), connection: listener.id)
        } catch {
            listener.close()
        }
    }

    // MARK: Connecting

    /// Starts a non-blocking connect. `handler.connectionDidOpen` runs when it completes; a refusal,
    /// an unreachable host or `timeout` (nil: the kernel's) end in `didCloseWith(.failed(...))`.
    /// Throws only when no socket can be created (e.g. out of descriptors).
    public func connect(to address: SocketAddress, timeout: Duration? = nil, handler: any ConnectionHandler) throws(SocketError) -> Connection {
        let socket = try Socket.makeStream(family: address.family, errorAddress: address)
        let connection = Connection(socket: socket, role: .outgoing, peer: address, state: .connecting, loop: self)
        connection.handler = handler
        connection.token = claimSlot(fd: socket.fd, owner: .connection(connection))
        emit(connection.id, .connecting(address))
        do {
            _ = try socket.startConnect(to: address)
        } catch {
            pending.append(.close(connection, .failed(error)))
            return connection
        }
        if let timeout {
            connection.connectTimer = timers.schedule(at: .now() + timeout, .connectTimeout(connection))
        }
        connection.schedule()
        return connection
    }

    /// A failed connect always raises error (or hang-up) next to writable, so a clean writable
    /// event needs no SO_ERROR read.
    private func completeConnect(_ connection: Connection, _ event: SelectorEvent) {
        if event.error || event.hangup {
            do {
                try connection.socket.finishConnect()
            } catch {
                connection.close(.failed(error))
                return
            }
        }
        if let timer = connection.connectTimer {
            timers.cancel(timer)
            connection.connectTimer = nil
        }
        try? connection.socket.setNoDelay()
        connection.life = .open
        connection.lastProgress = iterationTime
        emit(connection.id, .connected(local: connection.local))
        connection.schedule()
        connection.handler?.connectionDidOpen(connection)
    }

    // MARK: Events on a connection

    func handleConnectionEvent(_ connection: Connection, _ event: SelectorEvent) {
        if connection.isConnecting {
            if event.writable || event.error || event.hangup {
                completeConnect(connection, event)
            }
            return
        }
        if event.error {
            let code = (try? connection.socket.pendingError()) ?? 0
            if code != 0 {
                connection.close(.failed(SocketError(errno: code, call: "socket", address: connection.peer)))
                return
            }
        }
        if connection.interest.contains(.read) {
            if event.readable || event.hangup {
                readAvailable(connection)
            }
        } else if event.hangup {
            if connection.keepsOpenAfterEOF && !connection.didReadEOF {
                // A relay paused this side (back-pressure) and the peer hung up meanwhile: what the
                // kernel still holds is the last data there will be, bounded by the socket's
                // receive buffer, so it is read now rather than lost with the close.
                readAvailable(connection, untilEOF: true)
                return
            }
            // Level-triggered hang-up cannot be masked; without READ nobody would consume it.
            connection.close(.peerClosed)
            return
        }
        if event.writable && !connection.isClosed {
            flush(connection)
        }
    }

    /// Reads into the loop's buffer and hands the bytes to the handler, while the handler still
    /// wants to read and reads fill the buffer (at most `maxReadsPerEvent`). `untilEOF` reads what
    /// a hung-up peer left in the kernel whatever the interest, up to the end of the stream.
    func readAvailable(_ connection: Connection, untilEOF: Bool = false) {
        var reads = 0
        while untilEOF || reads < Self.maxReadsPerEvent {
            reads += 1
            guard !connection.isClosed, untilEOF || connection.interest.contains(.read) else { return }
            let result: IOResult
            do {
                result = try connection.socket.read(into: readBuffer)
            } catch {
                connection.close(.failed(error))
                return
            }
            switch result {
            case .wouldBlock:
                // A hung-up socket with nothing left to read would otherwise report HUP forever.
                if untilEOF { connection.close(.peerClosed) }
                return
            case .eof:
                if connection.keepsOpenAfterEOF {
                    connection.didReadEOF = true
                    connection.interest.remove(.read)
                    connection.handler?.connectionDidReadEOF(connection)
                } else {
                    connection.close(.peerClosed)
                }
                return
            case .processed(let count):
                connection.traffic.recordRead(count)
                if connection.progressOnRead { connection.lastProgress = iterationTime }
                let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[..<count])
                emit(connection.id, .read(Array(bytes)))
                connection.handler?.connection(connection, didRead: bytes)
                if count < readBuffer.count && !untilEOF {
                    return
                }
            }
        }
    }

    // MARK: Writing and interest

    /// Writes what the connection wants written, tells the handler when the queue drained, carries
    /// out close/shutdown-when-drained, and brings the selector registration up to date.
    func flush(_ connection: Connection) {
        connection.isPending = false
        guard !connection.isClosed else { return }
        var drained = false
        if !connection.isConnecting && connection.wantsWrite && !connection.sendQueue.isEmpty {
            guard writeQueued(connection) else { return }
            drained = connection.sendQueue.isEmpty
        }
        if connection.sendQueue.isEmpty && !connection.isConnecting {
            if let reason = connection.closeAfterDrain {
                connection.close(reason)
                return
            }
            if connection.shutdownAfterDrain {
                connection.shutdownAfterDrain = false
                do {
                    try connection.socket.shutdownWrite()
                } catch {
                    connection.close(.failed(error))
                    return
                }
            }
        }
        if drained {
            connection.handler?.connectionDidDrain(connection)
            guard !connection.isClosed else { return }
        }
        updateRegistration(connection)
    }

    /// One round of writes from the send queue; false if the connection closed on an error.
    ///
    /// The usual reply, one chunk with nobody watching, goes out with one send(2) straight from
    /// the chunk (`sendSole`, whose closure calls only the socket, so the queue is changed in
    /// place: see `Connection.sendQueue`). Anything else drains through `drainTakenOut`.
    private func writeQueued(_ connection: Connection) -> Bool {
        var copy: [UInt8] = []
        let result: SendQueue.DrainResult
        do {
            if !isObserved && connection.sendQueue.holdsOneChunk {
                let socket = connection.socket
                result = try connection.sendQueue.sendSole { (bytes) throws(SocketError) in try socket.write(bytes) }
            } else {
                result = try drainTakenOut(connection, copy: &copy)
            }
        } catch {
            connection.close(.failed(error))
            return false
        }
        if result.bytes > 0 {
            connection.traffic.recordWrites(result.writes, bytes: result.bytes)
            connection.lastProgress = iterationTime
            emit(connection.id, .wrote(copy))
        }
        return true
    }

    /// `SendQueue.drain` on the connection's queue, gathering up to 16 chunks per writev; what was
    /// written is copied into `copy` when someone watches. The queue is taken out of the
    /// connection while it drains and put back after, so no access to the connection is in
    /// progress while the write closure runs (nothing here calls a handler, but the compiler
    /// cannot know that of a closure; see `Connection`).
    private func drainTakenOut(_ connection: Connection, copy: inout [UInt8]) throws(SocketError) -> SendQueue.DrainResult {
        let observed = isObserved
        let socket = connection.socket
        var queue = SendQueue()
        swap(&queue, &connection.sendQueue)
        defer { swap(&queue, &connection.sendQueue) }
        return try queue.drain { (spans) throws(SocketError) -> IOResult in
            let outcome = try socket.writev(spans)
            if observed, case .processed(var left) = outcome {
                for span in spans where left > 0 {
                    copy.append(contentsOf: span.prefix(left))
                    left -= min(left, span.count)
                }
            }
            return outcome
        }
    }

    private func updateRegistration(_ connection: Connection) {
        let wanted = connection.selectorInterest
        guard connection.registered != wanted else { return }
        do {
            if connection.registered == nil {
                try selector.register(fd: connection.socket.fd, interest: wanted, token: connection.token)
                reportSelector(.register(handle: "#\(connection.id)", interest: wanted), connection: connection.id)
            } else {
                try selector.modify(fd: connection.socket.fd, interest: wanted, token: connection.token)
                reportSelector(.modify(handle: "#\(connection.id)", interest: wanted), connection: connection.id)
            }
            let first = connection.registered == nil
            connection.registered = wanted
            // The connection now waits on the selector: from here on its idle time can run out.
            if first { connection.armIdleTimer() }
        } catch {
            connection.close(.failed(error))
        }
    }
}
