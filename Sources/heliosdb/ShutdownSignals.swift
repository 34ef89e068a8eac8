// Waiting for SIGINT or SIGTERM without a signal handler: both are blocked in every thread and
// taken synchronously with sigwait, so shutdown runs as ordinary code (closing the store takes
// locks and does I/O, which a signal handler must not).

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM, blocked and awaited.
/// Invariant: 1. `block()` runs before the process starts any other thread. Threads inherit the
/// signal mask of their creator, so then no thread takes these signals' default action (which
/// would end the process without closing the store); they wait, pending, for `wait()`.
struct ShutdownSignals {
    private var signals: sigset_t

    private init(signals: sigset_t) {
        self.signals = signals
    }

    /// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards.
    static func block() -> ShutdownSignals {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        let result = pthread_sigmask(SIG_BLOCK, &signals, nil)
        precondition(result == 0, "pthread_sigmask failed: \(result)")  // only for an invalid argument
        return ShutdownSignals(signals: signals)
    }

    /// Waits until SIGINT or SIGTERM arrives (or returns at once if one is pending); returns it.
    func wait() -> Int32 {
        var signals = self.signals
        var signal: Int32 = 0
        let result = sigwait(&signals, &signal)
        precondition(result == 0, "sigwait failed: \(result)")  // only for an invalid signal set
        return signal
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
