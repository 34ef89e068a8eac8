// helios-crash-worker: the child process of the storage crash tests. It runs the deterministic
// CrashWorkload against a store, printing "ACK n" after transaction n's commit returns, until
// the test kills it with SIGKILL. Each run continues where the recovered store left off.
//
// Usage: helios-crash-worker DIRECTORY SEED DURABILITY CHECKPOINT_EVERY
//   DURABILITY is full, normal or off; CHECKPOINT_EVERY > 0 takes an explicit checkpoint every
//   that many transactions (so kills land inside checkpoints), 0 leaves them to the store.

import HeliosCore
import HeliosStorage
import HeliosTesting
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line straight to a file descriptor: no stdio buffer may hold an ACK at the kill.
func emit(_ line: String, to descriptor: Int32 = 1) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let seed = UInt64(arguments[2]), let durability = Durability(rawValue: arguments[3]),
      let checkpointEvery = Int(arguments[4]) else {
    emit("usage: helios-crash-worker DIRECTORY SEED full|normal|off CHECKPOINT_EVERY", to: 2)
    exit(2)
}

do {
    var options = StoreOptions()
    options.durability = durability
    options.pageSize = 4096
    options.bufferPoolPages = 96  // small, so dirty pages are written out under load
    options.logSegmentSize = 256 * 1024
    options.checkpointLogBytes = 512 * 1024
    options.syncInterval = 0.02
    let store = try Store.open(at: arguments[1], options: options)
    let workload = CrashWorkload(seed: seed)
    let tree = try store.write { txn throws in
        try txn.tree(named: "crash") ?? txn.createTree(named: "crash")
    }
    var number = try store.read { CrashWorkload.decodeCounter(try $0.get(CrashWorkload.counterKey, in: tree)) }
    emit("START \(number)")
    while true {
        number += 1
        let current = number
        try store.write { txn throws in
            for change in workload.changes(ofTransaction: current) {
                switch change {
                case .put(let key, let value): try txn.put(key, value, in: tree)
                case .delete(let key): try txn.delete(key, in: tree)
                }
            }
            try txn.put(CrashWorkload.counterKey, CrashWorkload.encodeCounter(current), in: tree)
        }
        emit("ACK \(current)")
        if checkpointEvery > 0 && current % UInt64(checkpointEvery) == 0 { try store.checkpoint() }
    }
} catch {
    emit("helios-crash-worker: \(error)", to: 2)
    exit(1)
}
