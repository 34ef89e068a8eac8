// The writer gate is first come, first served: a holder that releases and asks again at once
// queues behind the writer already waiting (an unfair gate let a chunked index build hold
// off an INSERT for the whole build).

import Foundation
import HeliosStorage
import Synchronization
import Testing

@Suite struct WriterGateTests {
    @Test func aWriterThatAsksAgainQueuesBehindTheOneWaiting() throws {
        let gate = WriterGate()
        let order = Mutex<[String]>([])
        gate.acquire()
        let done = DispatchSemaphore(value: 0)
        let waiter = Thread {
            gate.acquire()
            order.withLock { $0.append("waiting writer") }
            gate.release()
            done.signal()
        }
        waiter.start()
        // Until the other thread is queued (no timing: its ticket is visible).
        while gate.waiting == 0 { usleep(1000) }
        for round in 0..<3 {
            gate.release()
            gate.acquire()
            order.withLock { $0.append("holder \(round)") }
        }
        gate.release()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(order.withLock { $0 } == ["waiting writer", "holder 0", "holder 1", "holder 2"])
    }
}
