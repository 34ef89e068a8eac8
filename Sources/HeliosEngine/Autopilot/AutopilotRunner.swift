// Runs the autopilot in the background of a server: a pass every helios.autopilot_interval
// (read before each wait, so ALTER SYSTEM changes the pace at once), on a thread of its own —
// never on the query path. Errors of a pass are reported and the next pass tries again.

import Dispatch
public import HeliosCore
import Foundation
import Synchronization

public final class AutopilotRunner: Sendable {
    private let database: Database
    private let report: @Sendable (String) -> Void
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    /// `report` hears of each decision and of failed passes.
    public init(database: Database, report: @escaping @Sendable (String) -> Void) {
        self.database = database.root
        self.report = report
        self.database.setAutopilotLogger(report)
    }

    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in
            while true {
                let interval = Session.milliseconds(database.systemSettings.value("helios.autopilot_interval")) ?? 5_000
                _ = wake.wait(timeout: .now() + .milliseconds(max(100, interval)))
                if stopping.load(ordering: .relaxed) { break }
                do throws(DatabaseError) {
                    try database.runAutopilotCycle()
                } catch {
                    report("autopilot pass failed: \(error.message)")
                }
            }
            finished.signal()
        }
        thread.name = "helios-autopilot"
        thread.start()
    }

    /// Stops the runner; returns once a pass in progress has ended.
    public func stop() {
        guard started.load(ordering: .relaxed), !stopping.exchange(true, ordering: .relaxed) else { return }
        wake.signal()
        finished.wait()
    }
}
