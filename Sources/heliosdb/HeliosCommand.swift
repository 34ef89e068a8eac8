// The `heliosdb` command: its subcommands, one per file (ServeCommand, CheckCommand, InfoCommand,
// WorkloadCommand).
//
// Exit status: 0 on success; 1 when a command fails (the error is on standard error, in
// PostgreSQL's words); 64 for a command line the parser rejects.

import ArgumentParser

struct HeliosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heliosdb",
        abstract: "HeliosDB, a self-tuning relational database.",
        subcommands: [ServeCommand.self, CheckCommand.self, InfoCommand.self, WorkloadCommand.self])
}
