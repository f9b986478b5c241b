/// The counters and queue depths of one connection at one moment.
///
/// `sendQueue` and `receiveBuffer` are the application's own queues; `kernelRecvQ` and
/// `kernelSendQ` are the kernel's (SIOCINQ / SIOCOUTQ, netstat's Recv-Q and Send-Q), so a
/// learner sees where bytes wait.
public struct ConnectionStats: Sendable, Equatable {
    public var bytesIn: Int
    public var bytesOut: Int
    public var messagesIn: Int
    public var messagesOut: Int
    public var sendQueue: Int
    public var receiveBuffer: Int
    public var kernelRecvQ: Int
    public var kernelSendQ: Int

    public init(bytesIn: Int = 0, bytesOut: Int = 0, messagesIn: Int = 0, messagesOut: Int = 0,
                sendQueue: Int = 0, receiveBuffer: Int = 0, kernelRecvQ: Int = 0, kernelSendQ: Int = 0) {
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.sendQueue = sendQueue
        self.receiveBuffer = receiveBuffer
        self.kernelRecvQ = kernelRecvQ
        self.kernelSendQ = kernelSendQ
    }
}
