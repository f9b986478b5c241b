/// The loop's one-shot timers: a binary min-heap on (deadline, scheduling order).
///
/// Why a heap with slots rather than a sorted array or lazy cancellation: idle and connect timers
/// come and go with every connection, so schedule and cancel are O(log n), a cancelled timer is
/// gone at once (it holds no connection alive), and storage is reused without allocating. Timers
/// with the same deadline fire in the order they were scheduled.
struct TimerQueue<Action> {
    private struct Entry {
        var deadline: MonotonicInstant
        var sequence: UInt64
        var slot: Int32
        var action: Action
    }

    private struct Slot {
        var generation: UInt32 = 0
        /// Position in `heap`, or -1 when the slot is free.
        var position = -1
    }

    private var heap: [Entry] = []
    private var slots: [Slot] = []
    private var freeSlots: [Int32] = []
    private var sequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    var nextDeadline: MonotonicInstant? { heap.first?.deadline }

    mutating func schedule(at deadline: MonotonicInstant, _ action: Action) -> TimerID {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = Int32(slots.count)
            slots.append(Slot())
        }
        slots[Int(slot)].generation &+= 1
        sequence += 1
        heap.append(Entry(deadline: deadline, sequence: sequence, slot: slot, action: action))
        slots[Int(slot)].position = heap.count - 1
        siftUp(heap.count - 1)
        return TimerID(slot: slot, generation: slots[Int(slot)].generation)
    }

    /// Removes the timer and hands back its action; nil if it already fired or was cancelled.
    /// The action is returned rather than dropped here so that whatever its release sets off
    /// (a closure's captures going away) runs after the queue is consistent again, outside any
    /// access to it: see `EventLoop.timers`.
    @discardableResult
    mutating func cancel(_ id: TimerID) -> Action? {
        guard id.slot >= 0, Int(id.slot) < slots.count else { return nil }
        let slot = slots[Int(id.slot)]
        guard slot.generation == id.generation, slot.position >= 0 else { return nil }
        return remove(at: slot.position)
    }

    /// The earliest timer whose deadline is not after `now`, removed from the queue.
    mutating func popExpired(now: MonotonicInstant) -> Action? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        return remove(at: 0)
    }

    private mutating func remove(at position: Int) -> Action {
        let removed = heap[position]
        let last = heap.count - 1
        if position != last {
            move(last, to: position)
        }
        heap.removeLast()
        slots[Int(removed.slot)].position = -1
        freeSlots.append(removed.slot)
        if position < heap.count {
            siftDown(position)
            siftUp(position)
        }
        return removed.action
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let left = heap[a], right = heap[b]
        return left.deadline < right.deadline || (left.deadline == right.deadline && left.sequence < right.sequence)
    }

    private mutating func move(_ from: Int, to: Int) {
        heap[to] = heap[from]
        slots[Int(heap[to].slot)].position = to
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        slots[Int(heap[a].slot)].position = a
        slots[Int(heap[b].slot)].position = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let smaller = right < heap.count && precedes(right, left) ? right : left
            guard precedes(smaller, parent) else { return }
            swapAt(smaller, parent)
            parent = smaller
        }
    }
}
